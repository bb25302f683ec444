import { describe, expect, it } from "vitest";
import { OAuthError } from "@/lib/oauth/errors";
import { jsonAnswer, lowercaseNames, MAX_BODY_BYTES, protocolRoute, readForm } from "@/lib/oauth/http";
import { handleMetadataRequest } from "@/lib/oauth/metadata";
import { jsonOf, protocolRequest } from "@/lib/oauth/testing/fixtures";
import { DATA_CSP, STATIC_PAGE_CSP } from "@/lib/security-headers";

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const post = (body: string | Uint8Array, headers: Record<string, string> = FORM) => protocolRequest("https://auth.test/oauth/token", { method: "POST", headers, body });
const isTooLarge = (e: unknown) => e instanceof OAuthError && e.status === 413 && e.error === "invalid_request";

describe("the protocol boundary's requests", () => {
  it("reads a form from the body's bytes, as UTF-8", () => {
    const params = readForm(post(new TextEncoder().encode("grant_type=refresh_token&refresh_token=a%2Bb&name=%C3%A9t%C3%A9")));
    expect(params.peek("grant_type")).toBe("refresh_token");
    expect(params.peek("refresh_token")).toBe("a+b");
    expect(params.peek("name")).toBe("été");
  });

  it("refuses a body past 64 KiB with 413, by what was read or by the declared length of one never read", () => {
    expect(() => readForm(post(new Uint8Array(MAX_BODY_BYTES + 1)))).toThrow(expect.toSatisfy(isTooLarge));
    expect(() => readForm(post("", { ...FORM, "Content-Length": String(MAX_BODY_BYTES + 1) }))).toThrow(expect.toSatisfy(isTooLarge));
    expect(readForm(post(`a=${"x".repeat(MAX_BODY_BYTES - 2)}`)).peek("a")).toHaveLength(MAX_BODY_BYTES - 2);
  });

  it("takes an empty body without a media type as no parameters, and any other body only as a form", () => {
    expect(readForm(post("", {})).peek("grant_type")).toBeUndefined();
    expect(() => readForm(post("grant_type=x", {}))).toThrow(/send Content-Type: application\/x-www-form-urlencoded/);
    expect(() => readForm(post("{}", { "Content-Type": "Application/JSON; charset=utf-8" }))).toThrow(/not JSON/);
  });
});

describe("the protocol boundary's answers", () => {
  it("answer JSON as its text, never cached unless the answer says so", async () => {
    const answer = jsonAnswer({ error: "invalid_request", error_description: "é" }, 400);
    expect(answer).toEqual({
      status: 400,
      headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", pragma: "no-cache" },
      body: '{"error":"invalid_request","error_description":"é"}',
    });
    const metadata = await handleMetadataRequest({ issuer: "https://auth.test", scopes: [] });
    expect(metadata.headers).toEqual({ "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=300" });
    expect(jsonOf(metadata).issuer).toBe("https://auth.test");
  });

  it("give each answer fields of its own, so a route's additions never reach another answer", () => {
    const first = jsonAnswer({});
    first.headers["x-added"] = "1";
    expect(jsonAnswer({}).headers).not.toHaveProperty("x-added");
  });

  it("lowercase the names of the site's header constants", () => {
    expect(lowercaseNames({ "Content-Security-Policy": DATA_CSP, Allow: "GET" })).toEqual({ "content-security-policy": DATA_CSP, allow: "GET" });
  });
});

describe("a protocol route", () => {
  const route = protocolRoute(
    {
      GET: async () => ({ status: 200, headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": STATIC_PAGE_CSP }, body: "<p>page</p>" }),
      POST: async (request) => jsonAnswer({ received: readForm(request).peek("grant_type") ?? null }),
    },
    { cors: true },
  );

  it("answers the methods it does not take with 405, Allow and an error JSON", async () => {
    expect(route.allow).toBe("GET, POST, HEAD, OPTIONS");
    const answer = await route.DELETE(protocolRequest("https://auth.test/x", { method: "DELETE" }));
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe("GET, POST, HEAD, OPTIONS");
    expect(jsonOf(answer)).toEqual({ error: "invalid_request", error_description: "this endpoint accepts GET, POST, HEAD, OPTIONS" });
  });

  it("adds the site's security headers and CORS where the answer states none, and keeps the ones it states", async () => {
    const page = await route.GET(protocolRequest("https://auth.test/x"));
    expect(page.headers["content-security-policy"]).toBe(STATIC_PAGE_CSP);
    const data = await route.POST(post("grant_type=x"));
    expect(jsonOf(data)).toEqual({ received: "x" });
    for (const answer of [page, data]) {
      expect(answer.headers["x-frame-options"]).toBe("DENY");
      expect(answer.headers["referrer-policy"]).toBe("no-referrer");
      expect(answer.headers["access-control-allow-origin"]).toBe("*");
    }
    expect(data.headers["content-security-policy"]).toBe(DATA_CSP);
  });

  it("answers an error thrown by a handler as RFC 6749 §5.2 JSON with the route's headers", async () => {
    const answer = await route.POST(post(new Uint8Array(MAX_BODY_BYTES + 1)));
    expect(answer.status).toBe(413);
    expect(jsonOf(answer)).toMatchObject({ error: "invalid_request" });
    expect(answer.headers["access-control-allow-origin"]).toBe("*");
  });

  it("answers a preflight with 204 and no body", async () => {
    const answer = await route.OPTIONS(protocolRequest("https://auth.test/x", { method: "OPTIONS" }));
    expect(answer).toMatchObject({ status: 204, body: "" });
    expect(answer.headers["access-control-allow-methods"]).toBe("GET, POST, HEAD, OPTIONS");
    expect(answer.headers["access-control-allow-credentials"]).toBeUndefined();
  });
});
