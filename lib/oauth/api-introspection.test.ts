import { describe, expect, it } from "vitest";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect";
import { handleRevocationRequest } from "@/lib/oauth/revoke";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import { call, givenACode, givenAnApi, givenAPersonalKey, ISSUER, jsonOf, testContext, tokenRequest, VERIFIER, type TestApi, type TestContext } from "@/lib/oauth/testing/fixtures";

/** An app's tokens for a user who approved `scope`. */
async function givenTokens(ctx: TestContext, scope: string) {
  const issued = await givenACode(ctx, undefined, { scope });
  const response = await handleTokenRequest(
    tokenRequest(
      { grant_type: "authorization_code", code: issued.code, redirect_uri: issued.client.redirectUris[0]!, code_verifier: VERIFIER },
      { id: issued.client.clientId, secret: issued.client.secret! },
    ),
    ctx,
  );
  const body = jsonOf(response) as { access_token: string; refresh_token: string };
  return { ...issued, access: body.access_token, refresh: body.refresh_token };
}

const asApi = (ctx: TestContext, api: Pick<TestApi, "apiId" | "secret">, token: string) =>
  call(handleIntrospectionRequest, tokenRequest({ token }, { id: api.apiId, secret: api.secret }, "/oauth/introspect"), ctx);

describe("introspection by a registered API (RFC 7662 §2.1)", () => {
  it("describes a live access token carrying one of its scopes, narrowed to its own scopes, with itself as the audience", async () => {
    const ctx = testContext();
    const notes = givenAnApi(ctx, ["notes.read", "notes.write"], "https://notes.example");
    givenAnApi(ctx, ["links.read"]);
    const t = await givenTokens(ctx, "email notes.read links.read");
    const now = Math.floor(ctx.clock.now().getTime() / 1000);
    const answer = await asApi(ctx, notes, t.access);
    expect(answer).toMatchObject({ status: 200 });
    expect(answer.body).toEqual({
      active: true,
      scope: "notes.read",
      aud: "https://notes.example/",
      client_id: t.client.clientId,
      sub: t.user.id,
      token_type: "Bearer",
      gatehouse_token_kind: "app",
      exp: now + 7200,
      iat: now,
      iss: ISSUER,
    });
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(ctx.memory.apiSecretLastUsedAt(notes.secretId)).toEqual(ctx.clock.now());
  });

  it("tells the username only when the token carries profile, though its scope lists only the API's own", async () => {
    // The user consented to profile for the app, and the token's holder can read the username at
    // userinfo with it: the token's own scope decides, as there.
    const ctx = testContext();
    const notes = givenAnApi(ctx, ["notes.read"]);
    const t = await givenTokens(ctx, "notes.read profile");
    expect((await asApi(ctx, notes, t.access)).body).toMatchObject({ active: true, scope: "notes.read", username: t.user.username });
  });

  it("reads a token without any of its scopes, a refresh token and an unknown token as inactive", async () => {
    const ctx = testContext();
    const notes = givenAnApi(ctx, ["notes.read"]);
    const t = await givenTokens(ctx, "email");
    expect((await asApi(ctx, notes, t.access)).body).toEqual({ active: false });
    const withScope = await givenTokens(ctx, "notes.read");
    expect((await asApi(ctx, notes, withScope.refresh)).body).toEqual({ active: false });
    expect((await asApi(ctx, notes, "gat_unknown")).body).toEqual({ active: false });
  });

  it("reads a revoked, rotated or expired token as inactive on the very next call", async () => {
    const ctx = testContext();
    const notes = givenAnApi(ctx, ["notes.read"]);
    const revoked = await givenTokens(ctx, "notes.read");
    expect((await asApi(ctx, notes, revoked.access)).body).toMatchObject({ active: true });
    await handleRevocationRequest(tokenRequest({ token: revoked.access }, { id: revoked.client.clientId, secret: revoked.client.secret! }, "/oauth/revoke"), ctx);
    expect((await asApi(ctx, notes, revoked.access)).body).toEqual({ active: false });

    const rotated = await givenTokens(ctx, "notes.read");
    await handleTokenRequest(tokenRequest({ grant_type: "refresh_token", refresh_token: rotated.refresh }, { id: rotated.client.clientId, secret: rotated.client.secret! }), ctx);
    expect((await asApi(ctx, notes, rotated.access)).body).toEqual({ active: false });

    const expiring = await givenTokens(ctx, "notes.read");
    ctx.clock.advance(7200);
    expect((await asApi(ctx, notes, expiring.access)).body).toEqual({ active: false });
  });

  it("reads a token as inactive once the scope is no longer the API's", async () => {
    const ctx = testContext();
    const notes = givenAnApi(ctx, ["notes.read"]);
    const t = await givenTokens(ctx, "notes.read");
    ctx.scopes = ctx.scopes.filter((s) => s.name !== "notes.read");
    expect((await asApi(ctx, notes, t.access)).body).toEqual({ active: false });
  });

  it("tells and mints only what the grant still holds, even from a token row that kept a scope taken off its grant", async () => {
    // A token request that raced an operator's removal of the scope wrote the old scope.
    const ctx = testContext();
    const notes = givenAnApi(ctx, ["notes.read"]);
    const t = await givenTokens(ctx, "email notes.read");
    const app = { id: t.client.clientId, secret: t.client.secret! };
    const grant = (await ctx.grants.findGrant(t.user.id, t.client.id))!;
    ctx.memory.setGrantScope(grant.id, "email user.read");

    expect((await asApi(ctx, notes, t.access)).body).toEqual({ active: false });
    const asApp = (token: string) => call(handleIntrospectionRequest, tokenRequest({ token }, app, "/oauth/introspect"), ctx);
    expect((await asApp(t.access)).body).toMatchObject({ active: true, scope: "email user.read" });
    expect((await asApp(t.refresh)).body).toMatchObject({ active: true, scope: "email user.read" });
    const widened = await call(handleTokenRequest, tokenRequest({ grant_type: "refresh_token", refresh_token: t.refresh, scope: "notes.read" }, app), ctx);
    expect(widened.body).toMatchObject({ error: "invalid_scope" });
    const refreshed = await call(handleTokenRequest, tokenRequest({ grant_type: "refresh_token", refresh_token: t.refresh }, app), ctx);
    expect(refreshed.body).toMatchObject({ scope: "email user.read" });
    expect((await asApi(ctx, notes, (refreshed.body as { access_token: string }).access_token)).body).toEqual({ active: false });
  });

  it("keeps a scope that left the catalogue (dropped from the scope file) out of every answer while it is gone", async () => {
    const ctx = testContext();
    const notes = givenAnApi(ctx, ["notes.read", "notes.write"]);
    const t = await givenTokens(ctx, "notes.read notes.write");
    const { key } = givenAPersonalKey(ctx, t.user.id, "notes.read notes.write user.read");
    const app = { id: t.client.clientId, secret: t.client.secret! };
    ctx.scopes = ctx.scopes.filter((s) => s.name !== "notes.write");

    expect((await asApi(ctx, notes, t.access)).body).toMatchObject({ active: true, scope: "notes.read" });
    expect((await asApi(ctx, notes, key)).body).toMatchObject({ active: true, scope: "notes.read" });
    expect((await call(handleIntrospectionRequest, tokenRequest({ token: t.access }, app, "/oauth/introspect"), ctx)).body).toMatchObject({ scope: "notes.read user.read" });
    const refreshed = await call(handleTokenRequest, tokenRequest({ grant_type: "refresh_token", refresh_token: t.refresh }, app), ctx);
    expect(refreshed.body).toMatchObject({ scope: "notes.read user.read" });
  });

  it("accepts either of two secrets, and the credentials in the body", async () => {
    const ctx = testContext();
    const notes = givenAnApi(ctx, ["notes.read"]);
    const t = await givenTokens(ctx, "notes.read");
    const second = "gapi_" + "b".repeat(43);
    const { digest } = await import("@/lib/oauth/secrets");
    ctx.memory.addApiSecretDigest(notes.id, digest(second));
    expect((await asApi(ctx, { apiId: notes.apiId, secret: second }, t.access)).body).toMatchObject({ active: true });
    const posted = await call(handleIntrospectionRequest, tokenRequest({ token: t.access, client_id: notes.apiId, client_secret: notes.secret }, undefined, "/oauth/introspect"), ctx);
    expect(posted.body).toMatchObject({ active: true, aud: notes.identifier });
  });

  it.each([
    ["a wrong secret", (api: TestApi) => ({ id: api.apiId, secret: "gapi_" + "x".repeat(43) }), /API secret is wrong or was revoked/],
    ["an unknown API ID", () => ({ id: "api_AAAAAAAAAAAAAAAA", secret: "gapi_" + "x".repeat(43) }), /no registered API has this API ID/],
  ])("refuses %s with 401 invalid_client and a Basic challenge", async (_, credentials, message) => {
    const ctx = testContext();
    const notes = givenAnApi(ctx, ["notes.read"]);
    const answer = await call(handleIntrospectionRequest, tokenRequest({ token: "gat_x" }, credentials(notes), "/oauth/introspect"), ctx);
    expect(answer).toMatchObject({ status: 401, body: { error: "invalid_client", error_description: expect.stringMatching(message) } });
    expect(answer.headers["www-authenticate"]).toMatch(/^Basic/);
  });

  it("refuses an API ID without a secret", async () => {
    const ctx = testContext();
    const notes = givenAnApi(ctx, ["notes.read"]);
    const answer = await call(handleIntrospectionRequest, tokenRequest({ token: "gat_x", client_id: notes.apiId }, undefined, "/oauth/introspect"), ctx);
    expect(answer).toMatchObject({ status: 401, body: { error: "invalid_client", error_description: expect.stringMatching(/authenticate the API with its secret/) } });
  });

  it("refuses API credentials at the token and revocation endpoints", async () => {
    const ctx = testContext();
    const notes = givenAnApi(ctx, ["notes.read"]);
    const t = await givenTokens(ctx, "notes.read");
    const basic = { id: notes.apiId, secret: notes.secret };
    for (const [handler, path, body] of [
      [handleTokenRequest, "/oauth/token", { grant_type: "refresh_token", refresh_token: t.refresh }],
      [handleRevocationRequest, "/oauth/revoke", { token: t.access }],
    ] as const) {
      const answer = await call(handler, tokenRequest(body, basic, path), ctx);
      expect(answer).toMatchObject({ status: 401, body: { error: "invalid_client", error_description: expect.stringMatching(/registered API's ID: an API authenticates only at the introspection endpoint/) } });
    }
    // Nothing happened to the tokens.
    expect((await asApi(ctx, notes, t.access)).body).toMatchObject({ active: true });
  });
});
