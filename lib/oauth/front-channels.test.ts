import { describe, expect, it } from "vitest";
import { handleMetadataRequest } from "@/lib/oauth/metadata";
import { answerForTheFront, jsonResponse, MAX_BODY_BYTES, readForm, requestWithBody, responseText } from "@/lib/oauth/http";
import { OAuthError } from "@/lib/oauth/errors";

const form = { method: "POST", headers: new Headers({ "Content-Type": "application/x-www-form-urlencoded" }) };

describe("the HTTP front's side channels", () => {
  it("reads a body the front has read already, with the same limit as a streamed one", async () => {
    const params = await readForm(requestWithBody("https://auth.test/oauth/token", form, new TextEncoder().encode("grant_type=refresh_token&refresh_token=a%2Bb")));
    expect(params.peek("grant_type")).toBe("refresh_token");
    expect(params.peek("refresh_token")).toBe("a+b");
    const tooLarge = requestWithBody("https://auth.test/oauth/token", form, new Uint8Array(MAX_BODY_BYTES + 1));
    await expect(readForm(tooLarge)).rejects.toSatisfy((e: unknown) => e instanceof OAuthError && e.status === 413);
  });

  it("gives the text of a JSON response without reading its stream, and nothing for other responses", async () => {
    const response = jsonResponse({ error: "invalid_request", error_description: "é" }, 400);
    expect(responseText(response)).toBe('{"error":"invalid_request","error_description":"é"}');
    expect(await response.text()).toBe(responseText(response));
    expect(responseText(new Response("plain"))).toBeUndefined();
  });

  it("makes no body stream for the front, which sends the text itself, and only for the front", async () => {
    const forTheFront = await answerForTheFront(async () => {
      await Promise.resolve(); // still the front's after an await
      return jsonResponse({ active: false });
    });
    expect(forTheFront.body).toBeNull();
    expect(responseText(forTheFront)).toBe('{"active":false}');
    expect(forTheFront.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const forNext = jsonResponse({ active: false });
    expect(await forNext.text()).toBe('{"active":false}');
  });

  it("keeps the metadata document cacheable while every other answer is no-store", async () => {
    const metadata = await handleMetadataRequest({ issuer: "https://auth.test", scopes: [] });
    expect(metadata.headers.get("cache-control")).toBe("public, max-age=300");
    expect(metadata.headers.get("pragma")).toBeNull();
    expect(metadata.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(JSON.parse(responseText(metadata)!).issuer).toBe("https://auth.test");
    expect(jsonResponse({}).headers.get("cache-control")).toBe("no-store");
  });
});
