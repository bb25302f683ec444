import { describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import { describeIntegratorGuide, duration, ID_TOKEN_CLAIMS } from "@/lib/docs/integrator-guide";
import { CROSS_ORIGIN_ENDPOINTS } from "@/lib/oauth/endpoints";
import { ERROR_CATALOGUE } from "@/lib/oauth/errors";
import { serverMetadata } from "@/lib/oauth/metadata";
import { DEFAULT_SCOPES } from "@/lib/oauth/scopes";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import { authorizeAndApprove, call, givenAClient, givenAUser, ISSUER, TEST_LIFETIMES, testContext, tokenRequest, VERIFIER } from "@/lib/oauth/testing/fixtures";

const guide = describeIntegratorGuide(ISSUER, TEST_LIFETIMES, DEFAULT_SCOPES);

describe("the integrator guide's facts", () => {
  it("lists each endpoint at the URL the metadata document gives it", () => {
    const metadata = serverMetadata({ issuer: ISSUER, scopes: DEFAULT_SCOPES });
    const url = (name: string) => guide.endpointRows.find((row) => row.name === name)?.url;
    expect(url("Authorization")).toBe(metadata.authorization_endpoint);
    expect(url("Token")).toBe(metadata.token_endpoint);
    expect(url("Revocation")).toBe(metadata.revocation_endpoint);
    expect(url("Introspection")).toBe(metadata.introspection_endpoint);
    expect(url("Userinfo")).toBe(metadata.userinfo_endpoint);
    expect(url("Metadata")).toBe(`${ISSUER}/.well-known/oauth-authorization-server`);
    expect(url("OpenID configuration")).toBe(`${ISSUER}/.well-known/openid-configuration`);
    expect(url("JWKS")).toBe(metadata.jwks_uri);
    expect(url("End session")).toBe(metadata.end_session_endpoint);
    expect(guide.pkceMethod).toBe("S256");
    expect(metadata.code_challenge_methods_supported).toEqual([guide.pkceMethod]);
  });

  it("names as cross-origin exactly the endpoints the route table lets other origins call, never introspection", () => {
    const named = guide.crossOrigin.replace(" and ", ", ").split(", ").map((word) => word.toLowerCase());
    expect(named).toEqual(guide.endpointRows.filter((row) => CROSS_ORIGIN_ENDPOINTS.has(row.key)).map((row) => row.name.toLowerCase()));
    expect(named.length).toBe(CROSS_ORIGIN_ENDPOINTS.size);
    // RFC 7662 §4: introspection is for resource servers, not browsers.
    expect(named).not.toContain("introspection");
  });

  it("states the body limit the token endpoint enforces", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const credentials = { id: client.clientId, secret: client.secret! };
    const withBodyOf = (bytes: number) => {
      const filler = "x".repeat(bytes - "grant_type=refresh_token&refresh_token=".length);
      return { ...tokenRequest({}, credentials), body: new TextEncoder().encode(`grant_type=refresh_token&refresh_token=${filler}`) };
    };
    expect((await call(handleTokenRequest, withBodyOf(guide.maxBodyKiB * 1024), ctx)).status).not.toBe(413);
    expect((await call(handleTokenRequest, withBodyOf(guide.maxBodyKiB * 1024 + 1), ctx)).status).toBe(413);
  });

  it("names grant types the token endpoint takes", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    for (const grantType of Object.values(guide.grantTypes)) {
      const answer = await call(handleTokenRequest, tokenRequest({ grant_type: grantType }, { id: client.clientId, secret: client.secret! }), ctx);
      // Refused for the missing code or refresh_token, never for the grant type.
      expect(answer.body, grantType).toMatchObject({ error: "invalid_request" });
    }
    const unknown = await call(handleTokenRequest, tokenRequest({ grant_type: "password" }, { id: client.clientId, secret: client.secret! }), ctx);
    expect(unknown.body).toMatchObject({ error: "unsupported_grant_type" });
  });

  it("shows every error code, as a redirect when only the authorization endpoint sends it", () => {
    expect(guide.errors.map((row) => row.code)).toEqual(Object.keys(ERROR_CATALOGUE));
    const row = (code: string) => guide.errors.find((r) => r.code === code)!;
    expect(row("access_denied").status).toBe("redirect");
    expect(row("login_required").status).toBe("redirect");
    expect(row("invalid_scope").status).toBe(400); // also from the token endpoint, as JSON
    expect(row("invalid_client").status).toBe(401);
  });

  it("says each lifetime in its largest whole unit", () => {
    expect(guide.lifetimes.map((l) => l.value)).toEqual([
      "5 minutes; 90 seconds when a personal-data scope is requested. Single use.",
      "2 hours (expires_in: 7200), or until the next refresh of its grant",
      "30 days, renewed by every refresh",
      "90 days from the code exchange; then the user approves again",
    ]);
    expect(duration(3600 + 60)).toBe("61 minutes");
  });

  it("explains exactly the claims an ID token carries and discovery lists, for the lifetime the server gives it", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const user = givenAUser(ctx);
    const params = await authorizeAndApprove(ctx, client, user.id, { scope: "openid profile email", nonce: "n-0S6_WzA2Mj" });
    const token = await call(
      handleTokenRequest,
      tokenRequest({ grant_type: "authorization_code", code: params.get("code")!, redirect_uri: client.redirectUris[0]!, code_verifier: VERIFIER }, { id: client.clientId, secret: client.secret! }),
      ctx,
    );
    const claims = decodeJwt(token.body!.id_token as string);
    const explained = ID_TOKEN_CLAIMS.map((c) => c.claim);
    expect(new Set(Object.keys(claims))).toEqual(new Set(explained));
    expect(new Set(serverMetadata({ issuer: ISSUER, scopes: DEFAULT_SCOPES }).claims_supported)).toEqual(new Set(explained));
    expect(claims.exp! - claims.iat!).toBe(TEST_LIFETIMES.idTokenSeconds);
    expect(guide.signIn.lifetime).toBe(`${duration(TEST_LIFETIMES.idTokenSeconds)} (exp is iat + ${TEST_LIFETIMES.idTokenSeconds})`);
    expect(guide.signIn.algorithms).toEqual(serverMetadata({ issuer: ISSUER, scopes: DEFAULT_SCOPES }).id_token_signing_alg_values_supported);
  });
});
