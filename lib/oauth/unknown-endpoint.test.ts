import { describe, expect, it } from "vitest";
import { unknownEndpointDescription } from "@/lib/oauth/endpoints";
import { unknownEndpointRoute } from "@/lib/oauth/http";

describe("unknown paths under /oauth/ and /.well-known/", () => {
  const route = unknownEndpointRoute(unknownEndpointDescription);

  it("answer JSON 404 for every method, naming the metadata", async () => {
    for (const method of ["GET", "POST", "DELETE"] as const) {
      const response = await route[method](new Request("https://auth.test/oauth/tokens", { method }));
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(await response.json()).toEqual({
        error: "not_found",
        error_description: "there is no endpoint at /oauth/tokens; every endpoint is listed in the metadata at /.well-known/oauth-authorization-server",
      });
    }
  });

  it("tell an OpenID Connect discovery client where the OAuth metadata is", async () => {
    const response = await route.GET(new Request("https://auth.test/.well-known/openid-configuration"));
    expect(response.status).toBe(404);
    expect((await response.json()).error_description).toMatch(/without OpenID Connect: its metadata \(RFC 8414\) is at \/.well-known\/oauth-authorization-server/);
  });
});
