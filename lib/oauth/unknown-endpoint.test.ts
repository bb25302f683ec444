import { describe, expect, it } from "vitest";
import { unknownEndpointDescription } from "@/lib/oauth/endpoints";
import { unknownEndpointRoute } from "@/lib/oauth/http";
import { jsonOf, protocolRequest } from "@/lib/oauth/testing/fixtures";

describe("unknown paths under /oauth/ and /.well-known/", () => {
  const route = unknownEndpointRoute(unknownEndpointDescription);

  it("answer JSON 404 for every method, naming the metadata", async () => {
    for (const method of ["GET", "POST", "DELETE"] as const) {
      const answer = await route[method](protocolRequest("https://auth.test/oauth/tokens", { method }));
      expect(answer.status).toBe(404);
      expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(answer.headers["x-content-type-options"]).toBe("nosniff");
      expect(jsonOf(answer)).toEqual({
        error: "not_found",
        error_description:
          "there is no endpoint at /oauth/tokens; every endpoint is listed in the metadata at /.well-known/openid-configuration and /.well-known/oauth-authorization-server",
      });
    }
  });

  it("point another provider's discovery path at both metadata documents", async () => {
    const answer = await route.GET(protocolRequest("https://auth.test/.well-known/openid-configuration/extra"));
    expect(answer.status).toBe(404);
    expect(jsonOf(answer).error_description).toMatch(/listed in the metadata at \/.well-known\/openid-configuration and \/.well-known\/oauth-authorization-server$/);
  });
});
