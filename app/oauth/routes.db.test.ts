import { describe, expect, it } from "vitest";
import * as metadataRoute from "@/app/.well-known/oauth-authorization-server/route";
import * as openidConfigurationRoute from "@/app/.well-known/openid-configuration/route";
import * as jwksRoute from "@/app/oauth/jwks/route";
import * as introspectRoute from "@/app/oauth/introspect/route";
import * as revokeRoute from "@/app/oauth/revoke/route";
import * as tokenRoute from "@/app/oauth/token/route";
import * as userinfoRoute from "@/app/oauth/userinfo/route";
import { ERROR_CATALOGUE } from "@/lib/oauth/errors";

type Route = Record<"GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS", (request: Request) => Promise<Response>>;
const ROUTES: [string, Route, string[], boolean][] = [
  ["/oauth/token", tokenRoute, ["POST"], true],
  ["/oauth/revoke", revokeRoute, ["POST"], true],
  ["/oauth/introspect", introspectRoute, ["POST"], false],
  ["/oauth/userinfo", userinfoRoute, ["GET", "POST"], true],
  ["/.well-known/oauth-authorization-server", metadataRoute, ["GET"], true],
  ["/.well-known/openid-configuration", openidConfigurationRoute, ["GET"], true],
  ["/oauth/jwks", jwksRoute, ["GET"], true],
];
const ISSUER = "http://localhost:3000";

describe.each(ROUTES)("%s", (path, route, methods, cors) => {
  const others = (["GET", "POST", "PUT", "PATCH", "DELETE"] as const).filter((m) => !methods.includes(m));

  it.each(others)("answers %s with 405, Allow and an error JSON", async (method) => {
    const response = await route[method](new Request(ISSUER + path, { method }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toContain(methods[0]);
    expect(await response.json()).toMatchObject({ error: "invalid_request", error_description: expect.stringMatching(/accepts/) });
  });

  it(cors ? "answers a CORS preflight without credentials" : "has no CORS", async () => {
    const response = await route.OPTIONS(new Request(ISSUER + path, { method: "OPTIONS", headers: { Origin: "https://spa.example", "Access-Control-Request-Method": methods[0]! } }));
    if (cors) {
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-allow-headers")).toContain("Authorization");
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    } else {
      expect(response.status).toBe(405);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    }
  });
});

describe("protocol routes", () => {
  it("expose WWW-Authenticate to browsers on CORS responses", async () => {
    const response = await userinfoRoute.GET(new Request(`${ISSUER}/oauth/userinfo`, { headers: { Origin: "https://spa.example" } }));
    expect(response.status).toBe(401);
    expect(response.headers.get("access-control-expose-headers")).toContain("WWW-Authenticate");
  });

  it.each(ROUTES)("%s carries the site's security headers on success, error and 405 alike", async (path, route, methods) => {
    const get = route.GET(new Request(ISSUER + path));
    const other = route[methods.includes("POST") ? "POST" : "PUT"](new Request(ISSUER + path, { method: methods.includes("POST") ? "POST" : "PUT", body: "x" }));
    for (const response of await Promise.all([get, other])) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    }
  });

  it("answer garbage with a 400 error JSON, never a 500", async () => {
    const bodies: [string, string][] = [
      ["application/x-www-form-urlencoded", "%%%&&&==="],
      ["application/x-www-form-urlencoded", "\u0000\uffff"],
      ["text/plain", "grant_type=authorization_code"],
      ["", ""],
      ["multipart/form-data; boundary=x", "--x--"],
    ];
    for (const route of [tokenRoute, revokeRoute, introspectRoute]) {
      for (const [type, body] of bodies) {
        const response = await route.POST(new Request(`${ISSUER}/oauth/x`, { method: "POST", headers: type ? { "Content-Type": type } : {}, body }));
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        const json = (await response.json()) as { error: string };
        expect(Object.keys(ERROR_CATALOGUE)).toContain(json.error);
        expect(response.headers.get("cache-control")).toBe("no-store");
      }
    }
  });

  it("refuse an oversized body with 413 before reading it", async () => {
    const response = await tokenRoute.POST(
      new Request(`${ISSUER}/oauth/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(10 * 1024 * 1024) },
        body: "grant_type=x",
      }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: "invalid_request" });
  });

  it("serve the metadata document from the issuer", async () => {
    const response = await metadataRoute.GET(new Request(`${ISSUER}/.well-known/oauth-authorization-server`));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/oauth/authorize`,
      token_endpoint: `${ISSUER}/oauth/token`,
      revocation_endpoint: `${ISSUER}/oauth/revoke`,
      introspection_endpoint: `${ISSUER}/oauth/introspect`,
      userinfo_endpoint: `${ISSUER}/oauth/userinfo`,
      jwks_uri: `${ISSUER}/oauth/jwks`,
      end_session_endpoint: `${ISSUER}/oauth/end-session`,
      service_documentation: `${ISSUER}/docs`,
      scopes_supported: ["user.read", "openid", "profile", "email"],
      response_types_supported: ["code"],
      response_modes_supported: ["query"],
      grant_types_supported: ["authorization_code", "refresh_token", "client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
      revocation_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
      introspection_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      code_challenge_methods_supported: ["S256"],
      authorization_response_iss_parameter_supported: true,
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256", "ES256"],
      claims_supported: ["iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "sub", "name", "preferred_username", "email", "email_verified"],
      claim_types_supported: ["normal"],
      prompt_values_supported: ["none", "login", "consent", "select_account"],
      claims_parameter_supported: false,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
    });
  });

  it("serve OpenID Connect discovery as the same document, and the JWKS with public keys only", async () => {
    const [oauth, openid] = await Promise.all([
      metadataRoute.GET(new Request(`${ISSUER}/.well-known/oauth-authorization-server`)),
      openidConfigurationRoute.GET(new Request(`${ISSUER}/.well-known/openid-configuration`)),
    ]);
    expect(openid.status).toBe(200);
    expect(openid.headers.get("access-control-allow-origin")).toBe("*");
    expect(await openid.json()).toEqual(await oauth.json());
    const jwks = await jwksRoute.GET(new Request(`${ISSUER}/oauth/jwks`));
    expect(jwks.status).toBe(200);
    expect(jwks.headers.get("cache-control")).toBe("public, max-age=300");
    const { keys } = (await jwks.json()) as { keys: Record<string, unknown>[] };
    expect(keys.map((k) => k.alg).sort()).toEqual(["ES256", "RS256"]);
    for (const key of keys) expect(Object.keys(key).filter((m) => ["d", "p", "q", "dp", "dq", "qi"].includes(m))).toEqual([]);
    expect((await jwksRoute.POST(new Request(`${ISSUER}/oauth/jwks`, { method: "POST" }))).status).toBe(405);
  });

  it("answer HEAD like GET without failing", async () => {
    const response = await metadataRoute.HEAD(new Request(`${ISSUER}/.well-known/oauth-authorization-server`, { method: "HEAD" }));
    expect(response.status).toBe(200);
  });
});
