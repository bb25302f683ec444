import { afterEach, describe, expect, it, vi } from "vitest";
import { ERROR_CATALOGUE, OAuthError, safeDescription, type OAuthErrorCode } from "@/lib/oauth/errors";
import { ENDPOINT_PATHS } from "@/lib/oauth/endpoints";
import { authorizationParameters } from "@/lib/oauth/authorize";
import { clientAuthParameters } from "@/lib/oauth/client-auth";
import * as authorizationCode from "@/lib/oauth/grants/authorization-code";
import * as refreshToken from "@/lib/oauth/grants/refresh-token";
import { errorAnswer, FORM_MEDIA_TYPE } from "@/lib/oauth/http";
import { serverMetadata } from "@/lib/oauth/metadata";
import { DEFAULT_SCOPES } from "@/lib/oauth/scopes";
import { SUPPORTED_GRANT_TYPES } from "@/lib/oauth/token-endpoint";
import { jsonOf } from "@/lib/oauth/testing/fixtures";
import { POLICY_NAMES, rateLimitHeaders } from "@/lib/rate-limit/policies";
import { closureOf, errorSites, importsOf, type Site } from "@/lib/testing/error-sites";

// The docs render the catalogue (lib/docs/integrator-guide.ts, app/docs/sections/errors.tsx: code,
// status or "redirect", meaning, "From:" its endpoints, what to do) and the test callback page takes a code listed for "authorize" as
// one the authorization endpoint sends. These tests hold the response shape.
describe("the error catalogue and its responses", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(Object.keys(ERROR_CATALOGUE) as OAuthErrorCode[])("answers %s with its status as RFC 6749 §5.2 JSON, never cached", async (code) => {
    const answer = errorAnswer(new OAuthError(code, "what to fix"));
    expect(answer.status).toBe(ERROR_CATALOGUE[code].status);
    expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(jsonOf(answer)).toEqual({ error: code, error_description: "what to fix" });
  });

  it("gives OAuthError the catalogue's status unless told otherwise, and its headers", async () => {
    expect(new OAuthError("invalid_client", "x").status).toBe(401);
    const tooLarge = errorAnswer(new OAuthError("invalid_request", "x", { status: 413, headers: { "retry-after": "5" } }));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers["retry-after"]).toBe("5");
  });

  it("logs the private detail and never sends it", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const answer = errorAnswer(new OAuthError("invalid_grant", "code is unknown", { detail: "belongs to application app_123" }));
    expect(answer.body).not.toContain("app_123");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("belongs to application app_123"));
  });

  it("answers anything unexpected with server_error, without its message", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const answer = errorAnswer(new Error("connection to db.internal:5432 refused"));
    expect(answer.status).toBe(500);
    expect(jsonOf(answer)).toMatchObject({ error: "server_error" });
    expect(answer.body).not.toContain("db.internal");
    expect(error).toHaveBeenCalled();
  });

  it("keeps error_description to the characters RFC 6749 §5.2 allows", () => {
    expect(safeDescription('bad "quote" and \\ back\nslash é')).toBe("bad quote and  backslash ");
  });
});

const CODES = Object.keys(ERROR_CATALOGUE) as OAuthErrorCode[];
const whereOf = (code: OAuthErrorCode): readonly string[] => ERROR_CATALOGUE[code].where;

/**
 * What the RFCs say of each code: the status of an answer that carries it, and the endpoints
 * they define it for. The codes only the authorization endpoint returns travel in a redirect
 * (RFC 6749 §4.1.2.1; the docs show "redirect"); their status is the §5.2 default, 400.
 */
const RFC: Record<OAuthErrorCode, { status: number; for: readonly string[] }> = {
  // RFC 6749 §4.1.2.1, §5.2; RFC 7009 §2.2.1 and RFC 7662 §2.3 answer as §5.2; RFC 6750 §3.1.
  invalid_request: { status: 400, for: ["authorize", "token", "revoke", "introspect", "userinfo"] },
  // RFC 6749 §5.2: 401 whenever the client tried the Authorization header; one status for every attempt.
  invalid_client: { status: 401, for: ["token", "revoke", "introspect"] },
  invalid_grant: { status: 400, for: ["token"] },
  unsupported_grant_type: { status: 400, for: ["token"] },
  invalid_scope: { status: 400, for: ["authorize", "token"] },
  // RFC 8707 §2: a resource the server will not issue for, at authorize and at the token endpoint.
  invalid_target: { status: 400, for: ["authorize", "token"] },
  // RFC 6749 §4.1.2.1, §5.2: a grant or response type the client may not use.
  unauthorized_client: { status: 400, for: ["authorize", "token"] },
  unsupported_response_type: { status: 400, for: ["authorize"] },
  access_denied: { status: 400, for: ["authorize"] },
  // OpenID Connect Core 1.0 §3.1.2.6, for prompt=none.
  login_required: { status: 400, for: ["authorize"] },
  consent_required: { status: 400, for: ["authorize"] },
  // OpenID Connect Core 1.0 §6.1, §6.2, §7.2.1.
  request_not_supported: { status: 400, for: ["authorize"] },
  request_uri_not_supported: { status: 400, for: ["authorize"] },
  registration_not_supported: { status: 400, for: ["authorize"] },
  // RFC 6750 §3.1: a protected resource (userinfo) answers a bad bearer token 401.
  invalid_token: { status: 401, for: ["userinfo"] },
  // RFC 6749 §4.1.2.1 names it for the 500 Internal Server Error a redirect cannot carry.
  server_error: { status: 500, for: ["authorize", "token", "revoke", "introspect", "userinfo"] },
  // RFC 6585 §4: 429 Too Many Requests (the code is Gatehouse's own).
  too_many_requests: { status: 429, for: ["token", "revoke", "introspect", "userinfo"] },
  // RFC 9110 §15.5.5: 404 Not Found, for a path that is no endpoint.
  not_found: { status: 404, for: [] },
};

/** The endpoints the docs name, as `where` does: the last segment of their path under /oauth/. */
const ENDPOINT_NAMES = Object.values(ENDPOINT_PATHS)
  .filter((p) => p.startsWith("/oauth/"))
  .map((p) => p.slice("/oauth/".length));

/**
 * Each endpoint's code: its route files, or for the endpoints lib/oauth-server.ts serves its
 * handler's module; with lib/oauth/http.ts (protocolRoute and errorAnswer, which answer for
 * all of them). lib/oauth-server.ts itself is not followed: it loads every handler for the table.
 */
const ENDPOINT_MODULES: Record<string, string[]> = {
  authorize: ["app/oauth/authorize/route.ts", "app/oauth/consent/decision/route.ts"],
  token: ["lib/oauth/token-endpoint.ts"],
  revoke: ["lib/oauth/revoke.ts"],
  introspect: ["lib/oauth/introspect.ts"],
  userinfo: ["lib/oauth/userinfo.ts"],
  jwks: ["lib/oauth/metadata.ts"],
  "end-session": ["app/oauth/end-session/route.ts"],
};
const SHARED = "lib/oauth/http.ts";
const SERVER_TABLE = "lib/oauth-server.ts";

describe("the error catalogue against the server's code and the RFCs", () => {
  const sites = errorSites();
  const reach = Object.fromEntries(Object.entries(ENDPOINT_MODULES).map(([name, modules]) => [name, closureOf([...modules, SHARED], [SERVER_TABLE])]));
  const madeBy = (endpoint: string, code: string) => sites.some((s) => s.code === code && reach[endpoint]!.has(s.file));

  it("finds the server's ways of making an error: OAuthError, errors.ts's helpers, error parameters, §5.2 bodies", () => {
    const found = (site: Site) => sites.some((s) => s.file === site.file && s.code === site.code);
    expect(found({ file: "lib/oauth/token-endpoint.ts", code: "unsupported_grant_type" }), "unsupportedGrantType(...)").toBe(true);
    expect(found({ file: "lib/oauth/consent.ts", code: "invalid_scope" }), "scopesNeedApproval(...), through invalidScope").toBe(true);
    expect(found({ file: "lib/oauth/rate-limits.ts", code: "too_many_requests" }), 'new OAuthError("too_many_requests", ...)').toBe(true);
    expect(found({ file: "lib/oauth/userinfo.ts", code: "invalid_token" }), 'bearerError("invalid_token", ...)').toBe(true);
    expect(found({ file: "server/front-server.ts", code: "invalid_request" }), "frontAnswer's default").toBe(true);
    expect(found({ file: "lib/oauth/http.ts", code: "server_error" }), '{ error: "server_error", error_description }').toBe(true);
  });

  it("lists every code the server makes, and only those: no entry the server never returns", () => {
    const made = new Set(sites.map((s) => s.code));
    const listed = new Set<string>(CODES);
    const notListed = sites.filter((s) => !listed.has(s.code)).map((s) => `${s.code} (${s.file})`);
    expect({ notListed, neverMade: CODES.filter((c) => !made.has(c)) }).toEqual({ notListed: [], neverMade: [] });
  });

  it("gives each code the status the RFCs give it", () => {
    expect(Object.keys(RFC).sort()).toEqual([...CODES].sort());
    for (const code of CODES) expect(ERROR_CATALOGUE[code].status, code).toBe(RFC[code].status);
  });

  it("names for each code only endpoints that exist, that the RFCs define it for, and whose code makes it", () => {
    expect(Object.keys(ENDPOINT_MODULES).sort()).toEqual([...ENDPOINT_NAMES].sort());
    // The table above follows lib/oauth-server.ts: each handler module is one it serves.
    const served = importsOf(SERVER_TABLE);
    for (const name of ["token", "revoke", "introspect", "userinfo"]) expect(served, name).toContain(ENDPOINT_MODULES[name]![0]);
    for (const code of CODES) {
      for (const endpoint of whereOf(code)) {
        expect(ENDPOINT_NAMES, `${code} from ${endpoint}`).toContain(endpoint);
        expect(RFC[code].for, `${code} from ${endpoint}`).toContain(endpoint);
        expect(madeBy(endpoint, code), `${code} is listed for ${endpoint}, whose code never makes it`).toBe(true);
      }
    }
  });

  it("names, for each code an endpoint's own files make, at least one of the endpoints that load them", () => {
    // A code listed for no endpoint (not_found, for the paths that are none) is made in the shared module.
    for (const { file, code } of sites.filter((s) => whereOf(s.code as OAuthErrorCode).length > 0)) {
      const loading = Object.keys(reach).filter((endpoint) => reach[endpoint]!.has(file));
      if (loading.length === 0) continue;
      expect(whereOf(code as OAuthErrorCode).some((e) => loading.includes(e)), `${code} made in ${file}, loaded by ${loading.join(", ")}`).toBe(true);
    }
  });

  it("says for each code what to do in the server's own terms: the parameters, values, headers and metadata it names exist", () => {
    const metadata = serverMetadata({ issuer: "https://auth.test", scopes: DEFAULT_SCOPES });
    const refused = rateLimitHeaders({ policy: POLICY_NAMES[0]!, allowed: false, limit: 10, remaining: 0, resetSeconds: 5, windowSeconds: 60 });
    const authorizeParameter = (name: string, value: string) => {
      expect(authorizationParameters.shape, name).toHaveProperty(name);
      return `${name}=${value}`;
    };
    const metadataMember = (name: string) => {
      expect(metadata, name).toHaveProperty(name);
      return name;
    };
    /** What each fix must name, each read from the code that decides it. */
    const mustName: Record<OAuthErrorCode, string[]> = {
      invalid_request: ["error_description", FORM_MEDIA_TYPE],
      // The parameters a client authenticates with (RFC 6749 §2.3.1).
      invalid_client: Object.keys(clientAuthParameters.shape),
      // The code grant's parameters that must match its authorize request (RFC 6749 §4.1.3, RFC 7636 §4.5).
      // (resource is invalid_target's: RFC 8707 §2.)
      invalid_grant: Object.keys(authorizationCode.parameters.shape).filter((name) => name !== "code" && name !== "resource"),
      unsupported_grant_type: SUPPORTED_GRANT_TYPES.map((grantType) => `grant_type=${grantType}`),
      unsupported_response_type: metadata.response_types_supported.map((type) => `response_type=${type}`),
      invalid_scope: [metadataMember("scopes_supported")],
      invalid_target: [authorizeParameter("resource", "")],
      unauthorized_client: ["grant type", "dashboard"],
      // Nothing to fix in the request: the fix is about the user, who denied it.
      access_denied: ["the user"],
      login_required: [authorizeParameter("prompt", "none")],
      consent_required: [authorizeParameter("prompt", "none")],
      // Each names what to send instead of the parameter it refuses.
      request_not_supported: ["query string"],
      request_uri_not_supported: ["query string"],
      registration_not_supported: ["dashboard"],
      // A refresh (the refresh grant) or a new authorization.
      invalid_token: [refreshToken.grantType.split("_")[0]!, "authorization"],
      server_error: ["Retry", "operator"],
      not_found: [ENDPOINT_PATHS.metadata, ENDPOINT_PATHS.openidConfiguration],
      // The fields a refused request carries (RFC 6585 §4, draft-ietf-httpapi-ratelimit-headers).
      too_many_requests: Object.keys(refused),
    };
    for (const code of CODES) {
      expect(mustName[code].length, code).toBeGreaterThan(0);
      for (const name of mustName[code]) expect(ERROR_CATALOGUE[code].fix.toLowerCase(), `${code}: "what to do" names ${name}`).toContain(name.toLowerCase());
    }
  });

  it("says for each code, in words of its own, what it means and what to do", () => {
    const meanings = CODES.map((c) => ERROR_CATALOGUE[c].meaning);
    const fixes = CODES.map((c) => ERROR_CATALOGUE[c].fix);
    expect(new Set(meanings).size, "two codes share a meaning").toBe(CODES.length);
    expect(new Set(fixes).size, "two codes share what to do").toBe(CODES.length);
    for (const code of CODES) expect(ERROR_CATALOGUE[code].fix, code).not.toBe(ERROR_CATALOGUE[code].meaning);
  });
});
