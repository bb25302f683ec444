import { createHash } from "node:crypto";
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWK } from "jose";
import { describe, expect, it } from "vitest";
import { checkAuthorizationRequest, decideAuthorization } from "@/lib/oauth/authorize";
import { accessTokenHash, verifyIdTokenHint } from "@/lib/oauth/id-token";
import { handleJwksRequest, serverMetadata } from "@/lib/oauth/metadata";
import { Params } from "@/lib/oauth/params";
import { KEY_ACTIVATION_SECONDS, Keyring, unseal, wrappingKeyFrom } from "@/lib/oauth/signing-keys";
import {
  authorizeAndApprove,
  authorizeQuery,
  call,
  givenAClient,
  givenAUser,
  ISSUER,
  jsonOf,
  protocolRequest,
  signedIn,
  TEST_WRAPPING_KEY,
  testContext,
  tokenRequest,
  VERIFIER,
  type TestClient,
  type TestContext,
} from "@/lib/oauth/testing/fixtures";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";

/** The JWKS as a relying party fetches it. */
async function jwksOf(ctx: TestContext) {
  return jsonOf(await handleJwksRequest(protocolRequest(`${ISSUER}/oauth/jwks`), ctx)) as { keys: JWK[] };
}

/** A code for `user` with these extra authorize parameters (openid by default), and its exchange. */
async function signIn(ctx: TestContext, client: TestClient, userId: string, extra: Record<string, string> = {}, secondsSinceSignIn = 0) {
  const params = await authorizeAndApprove(ctx, client, userId, { scope: "openid", ...extra }, signedIn(userId, ctx, secondsSinceSignIn));
  const token = await call(
    handleTokenRequest,
    tokenRequest({ grant_type: "authorization_code", code: params.get("code")!, redirect_uri: client.redirectUris[0]!, code_verifier: VERIFIER }, { id: client.clientId, secret: client.secret! }),
    ctx,
  );
  expect(token.status).toBe(200);
  return token.body as { access_token: string; refresh_token: string; id_token?: string; scope: string };
}

async function verify(ctx: TestContext, idToken: string, audience: string) {
  return (await jwtVerify(idToken, createLocalJWKSet(await jwksOf(ctx)), { issuer: ISSUER, audience, currentDate: ctx.clock.now() })).payload;
}

async function refresh(ctx: TestContext, client: TestClient, refreshToken: string, extra: Record<string, string> = {}) {
  return call(handleTokenRequest, tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken, ...extra }, { id: client.clientId, secret: client.secret! }), ctx);
}

describe("ID tokens (OpenID Connect Core §3.1.3.3, §12.2)", () => {
  it("comes with the code exchange of an openid grant: iss, sub, aud, exp, iat, auth_time, nonce and at_hash, verified against the JWKS", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const user = givenAUser(ctx);
    const tokens = await signIn(ctx, client, user.id, { nonce: "n-0S6_WzA2Mj" }, 30);
    const claims = await verify(ctx, tokens.id_token!, client.clientId);
    const now = Math.floor(ctx.clock.now().getTime() / 1000);
    expect(claims).toEqual({
      iss: ISSUER,
      sub: user.id,
      aud: client.clientId,
      iat: now,
      exp: now + 3600,
      auth_time: now - 30,
      nonce: "n-0S6_WzA2Mj",
      at_hash: accessTokenHash(tokens.access_token),
    });
    // §3.1.3.6: the left half of SHA-256 of the access token's ASCII octets.
    expect(claims.at_hash).toBe(createHash("sha256").update(tokens.access_token).digest().subarray(0, 16).toString("base64url"));
    expect(decodeProtectedHeader(tokens.id_token!)).toMatchObject({ alg: "RS256", typ: "JWT", kid: expect.any(String) });
  });

  it("echoes the nonce exactly, and carries none when none was sent", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const odd = "ünïcødé nonce with spaces & symbols =?/";
    expect(decodeJwt((await signIn(ctx, client, givenAUser(ctx).id, { nonce: odd })).id_token!).nonce).toBe(odd);
    expect(decodeJwt((await signIn(ctx, client, givenAUser(ctx).id)).id_token!)).not.toHaveProperty("nonce");
  });

  it("carries the granted profile and email claims, the same as userinfo", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const user = givenAUser(ctx, "Ada Lovelace");
    const claims = decodeJwt((await signIn(ctx, client, user.id, { scope: "openid profile email" })).id_token!);
    expect(claims).toMatchObject({ sub: user.id, name: "Ada Lovelace", preferred_username: user.username, email: user.email, email_verified: false });
    const bare = decodeJwt((await signIn(ctx, client, givenAUser(ctx).id)).id_token!);
    expect(bare).not.toHaveProperty("email");
    expect(bare).not.toHaveProperty("name");
  });

  it("is not issued without openid: plain OAuth 2.0 answers as before", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const tokens = await signIn(ctx, client, givenAUser(ctx).id, { scope: "profile" });
    expect(tokens).not.toHaveProperty("id_token");
    expect((await refresh(ctx, client, tokens.refresh_token)).body).not.toHaveProperty("id_token");
  });

  it("is signed with the app's algorithm: ES256 when the app chose it", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    ctx.memory.setIdTokenAlg(client.id, "ES256");
    const tokens = await signIn(ctx, client, givenAUser(ctx).id);
    expect(decodeProtectedHeader(tokens.id_token!).alg).toBe("ES256");
    await expect(verify(ctx, tokens.id_token!, client.clientId)).resolves.toMatchObject({ aud: client.clientId });
  });

  it("is issued again on refresh with the same iss, sub, aud and auth_time, a new iat, and no nonce", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const user = givenAUser(ctx);
    const first = await signIn(ctx, client, user.id, { nonce: "abc" }, 10);
    const original = decodeJwt(first.id_token!);
    ctx.clock.advance(600);
    const refreshed = await refresh(ctx, client, first.refresh_token);
    const body = refreshed.body as { id_token: string; access_token: string };
    const claims = await verify(ctx, body.id_token, client.clientId);
    expect(claims).toMatchObject({ iss: original.iss, sub: original.sub, aud: original.aud, auth_time: original.auth_time, iat: original.iat! + 600, at_hash: accessTokenHash(body.access_token) });
    expect(claims).not.toHaveProperty("nonce");
    // Narrowed to leave openid out: no ID token.
    expect((await refresh(ctx, client, (refreshed.body as { refresh_token: string }).refresh_token, { scope: "user.read" })).body).not.toHaveProperty("id_token");
  });
});

describe("authorization parameters of OpenID Connect Core §3.1.2.1", () => {
  async function decide(ctx: TestContext, client: TestClient, extra: Record<string, string>, session: ReturnType<typeof signedIn> | null) {
    const search = authorizeQuery(client, { scope: "openid", ...extra });
    const check = await checkAuthorizationRequest(Params.fromSearch(search), ctx);
    if (check.kind !== "ok") throw new Error(JSON.stringify(check));
    return decideAuthorization(check.request, session, ctx, search.toString());
  }
  const errorOf = (decision: { kind: string; url?: string }) => (decision.kind === "redirect" ? new URL(decision.url!).searchParams.get("error") : decision.kind);

  it("max_age: an older sign-in signs in again, and the request to come back to no longer asks; auth_time tells when", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const user = givenAUser(ctx);
    const stale = await decide(ctx, client, { max_age: "60" }, signedIn(user.id, ctx, 61));
    expect(stale).toMatchObject({ kind: "sign_in", reason: "max_age" });
    if (stale.kind !== "sign_in") throw new Error();
    expect(new URLSearchParams(stale.continueQuery).has("max_age")).toBe(false);
    expect(new URLSearchParams(stale.continueQuery).get("scope")).toBe("openid");
    expect(errorOf(await decide(ctx, client, { max_age: "60", prompt: "none" }, signedIn(user.id, ctx, 61)))).toBe("login_required");
    expect((await decide(ctx, client, { max_age: "60" }, signedIn(user.id, ctx, 60))).kind).toBe("consent");
    // max_age=0 is a fresh sign-in every time (§3.1.2.1).
    expect((await decide(ctx, client, { max_age: "0" }, signedIn(user.id, ctx, 1))).kind).toBe("sign_in");
    const tokens = await signIn(ctx, client, user.id, { max_age: "60" }, 20);
    expect(decodeJwt(tokens.id_token!).auth_time).toBe(Math.floor(ctx.clock.now().getTime() / 1000) - 20);
  });

  it("prompt: login and select_account sign in again (combined with consent too); none never shows a page", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const user = givenAUser(ctx);
    const session = signedIn(user.id, ctx, 5);
    const login = await decide(ctx, client, { prompt: "login consent" }, session);
    expect(login).toMatchObject({ kind: "sign_in", reason: "login" });
    if (login.kind !== "sign_in") throw new Error();
    // Back from the sign-in, consent is still asked for, login no more.
    expect(new URLSearchParams(login.continueQuery).get("prompt")).toBe("consent");
    expect(await decide(ctx, client, { prompt: "select_account" }, session)).toMatchObject({ kind: "sign_in", reason: "select_account" });
    expect(await decide(ctx, client, { prompt: "login", login_hint: "ada@example.com" }, null)).toMatchObject({ kind: "sign_in", reason: "signed_out", loginHint: "ada@example.com" });
    expect(errorOf(await decide(ctx, client, { prompt: "none" }, null))).toBe("login_required");
    expect(errorOf(await decide(ctx, client, { prompt: "none" }, session))).toBe("consent_required");
    expect((await decide(ctx, client, { prompt: "consent" }, session)).kind).toBe("consent");
    // The parameters OpenID Connect defines for the UI are accepted and change nothing.
    expect((await decide(ctx, client, { ui_locales: "fr-CA fr", claims_locales: "de", display: "page" }, session)).kind).toBe("consent");
  });

  it("id_token_hint: with prompt=none, another signed-in user is login_required; the same user goes on", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const [ada, bob] = [givenAUser(ctx), givenAUser(ctx)];
    const hint = (await signIn(ctx, client, ada.id)).id_token!;
    expect(errorOf(await decide(ctx, client, { prompt: "none", id_token_hint: hint }, signedIn(bob.id, ctx)))).toBe("login_required");
    expect(errorOf(await decide(ctx, client, { prompt: "none", id_token_hint: hint }, signedIn(ada.id, ctx)))).toBe(null);
    expect(await decide(ctx, client, { id_token_hint: hint }, signedIn(bob.id, ctx))).toMatchObject({ kind: "sign_in", reason: "other_account" });
    // An expired hint is still a hint (§3.1.2.1); one issued to another app is refused.
    ctx.clock.advance(7200);
    expect(errorOf(await decide(ctx, client, { prompt: "none", id_token_hint: hint }, signedIn(ada.id, ctx)))).toBe(null);
    const other = givenAClient(ctx);
    const check = await checkAuthorizationRequest(Params.fromSearch(authorizeQuery(other, { scope: "openid", id_token_hint: hint })), ctx);
    expect(check.kind === "redirect" && new URL(check.url).searchParams.get("error_description")).toBe("id_token_hint was issued to another app; send one issued to this client_id");
  });
});

describe("signing keys (lib/oauth/signing-keys.ts)", () => {
  it("are made at first use, one per algorithm, and the JWKS shows public members only", async () => {
    const ctx = testContext();
    const { keys } = await jwksOf(ctx);
    expect(keys.map((k) => k.alg).sort()).toEqual(["ES256", "RS256"]);
    for (const key of keys) {
      expect(key).toMatchObject({ use: "sig", kid: expect.any(String) });
      for (const member of ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]) expect(key, member).not.toHaveProperty(member);
    }
    // Stored sealed: the private JWK's members are nowhere in the stored row.
    const stored = await ctx.signingKeys.listSigningKeys();
    expect(stored.every((k) => !k.sealedPrivateJwk.includes('"d"') && !JSON.stringify(k.publicJwk).includes('"d"'))).toBe(true);
  });

  it("make one key between instances starting together: the loser uses the winner's", async () => {
    const ctx = testContext();
    await Promise.all([ctx.keyring.ensureKeys(ctx.clock.now()), ctx.keyring.ensureKeys(ctx.clock.now()), ctx.keyring.ensureKeys(ctx.clock.now())]);
    expect((await ctx.signingKeys.listSigningKeys()).map((k) => k.alg).sort()).toEqual(["ES256", "RS256"]);
  });

  it("rotate: the new key is published at once and signs after the activation delay; the old one verifies its tokens until they expire", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const before = await signIn(ctx, client, givenAUser(ctx).id);
    const oldKid = decodeProtectedHeader(before.id_token!).kid;
    const rotated = await ctx.keyring.rotate("RS256", ctx.clock.now());
    expect((await jwksOf(ctx)).keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, rotated.kid]));
    // Not yet active: still the old key.
    expect(decodeProtectedHeader((await signIn(ctx, client, givenAUser(ctx).id)).id_token!).kid).toBe(oldKid);
    ctx.clock.advance(KEY_ACTIVATION_SECONDS);
    const after = await signIn(ctx, client, givenAUser(ctx).id);
    expect(decodeProtectedHeader(after.id_token!).kid).toBe(rotated.kid);
    // The last token the old key signed (just before activation) lives an hour: the old key stays published that long.
    ctx.clock.advance(3600);
    expect((await jwksOf(ctx)).keys.map((k) => k.kid)).toContain(oldKid);
    ctx.clock.advance(61);
    expect((await jwksOf(ctx)).keys.map((k) => k.kid)).not.toContain(oldKid);
    // Gone from the JWKS, it still checks an id_token_hint it signed, expired as it is.
    expect(await verifyIdTokenHint(before.id_token!, ctx)).toMatchObject({ expired: true, aud: [client.clientId] });
  });

  it("refuse a hint that is not theirs: another issuer's, a changed signature, or garbage", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const token = (await signIn(ctx, client, givenAUser(ctx).id)).id_token!;
    expect(await verifyIdTokenHint(token, ctx)).toMatchObject({ expired: false });
    expect(await verifyIdTokenHint(token, { ...ctx, issuer: "https://other.test" })).toBeNull();
    const [h, p, s] = token.split(".");
    expect(await verifyIdTokenHint(`${h}.${p}.${s!.slice(0, -4)}AAAA`, ctx)).toBeNull();
    expect(await verifyIdTokenHint("a.b.c", ctx)).toBeNull();
    expect(await verifyIdTokenHint(token, testContext())).toBeNull(); // another server's keys
  });

  it("rewrap moves every key to the current key-encryption key; before it, a key sealed with an unknown one is refused by name", async () => {
    const ctx = testContext();
    await ctx.keyring.ensureKeys(ctx.clock.now());
    const next = wrappingKeyFrom("the next key-encryption secret, also 32 characters");
    const onlyNext = new Keyring(ctx.signingKeys, () => [next], 3600);
    await expect(onlyNext.signingKey("RS256", ctx.clock)).rejects.toThrow(/sealed with key-encryption key .* set GATEHOUSE_KEY_SECRET_PREVIOUS/);
    const during = new Keyring(ctx.signingKeys, () => [next, TEST_WRAPPING_KEY], 3600);
    await expect(during.signingKey("RS256", ctx.clock)).resolves.toMatchObject({ kid: expect.any(String) });
    expect(await during.rewrap()).toBe(2);
    expect((await ctx.signingKeys.listSigningKeys()).map((k) => k.wrappingKeyId)).toEqual([next.id, next.id]);
    await expect(new Keyring(ctx.signingKeys, () => [next], 3600).signingKey("ES256", ctx.clock)).resolves.toMatchObject({ kid: expect.any(String) });
    expect(await during.rewrap()).toBe(0);
  });

  it("does not open a sealed half moved to another key's row", async () => {
    const ctx = testContext();
    await ctx.keyring.ensureKeys(ctx.clock.now());
    const [a, b] = await ctx.signingKeys.listSigningKeys();
    expect(() => unseal({ ...a!, sealedPrivateJwk: b!.sealedPrivateJwk }, [TEST_WRAPPING_KEY])).toThrow(/its stored form was changed/);
  });
});

describe("discovery (OpenID Connect Discovery 1.0 §3)", () => {
  it("is the RFC 8414 document, with every member OpenID Connect requires or recommends that Gatehouse supports", () => {
    const metadata = serverMetadata({ issuer: ISSUER, scopes: testContext().scopes });
    expect(metadata).toMatchObject({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/oauth/authorize`,
      token_endpoint: `${ISSUER}/oauth/token`,
      userinfo_endpoint: `${ISSUER}/oauth/userinfo`,
      jwks_uri: `${ISSUER}/oauth/jwks`,
      end_session_endpoint: `${ISSUER}/oauth/end-session`,
      response_types_supported: ["code"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256", "ES256"],
      request_uri_parameter_supported: false,
    });
    expect(metadata.scopes_supported).toContain("openid");
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "name", "email", "email_verified", "preferred_username"]));
  });
});
