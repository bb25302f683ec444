import { describe, expect, it } from "vitest";
import { decideEndSession } from "@/lib/oauth/end-session";
import { Params } from "@/lib/oauth/params";
import { generateClientId } from "@/lib/oauth/secrets";
import { KEY_ACTIVATION_SECONDS } from "@/lib/oauth/signing-keys";
import { authorizeAndApprove, call, givenAUser, testContext, tokenRequest, VERIFIER, type TestContext } from "@/lib/oauth/testing/fixtures";
import { digest, generateSecret } from "@/lib/oauth/secrets";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";

const LOGOUT_URI = "https://rp.example/signed-out";

/** An app with a post-logout URI (and a loopback one), and an ID token it got for a new user. */
async function givenASignIn(ctx: TestContext) {
  const secret = generateSecret("clientSecret");
  const app = ctx.memory.addClient({
    clientId: generateClientId(),
    name: "Relying Party",
    clientType: "confidential",
    redirectUris: ["https://rp.example/cb"],
    postLogoutRedirectUris: [LOGOUT_URI, "http://127.0.0.1/bye"],
    description: null,
    homepageUrl: null,
    privacyPolicyUrl: null,
    termsUrl: null,
    ownerName: "Owner",
  });
  ctx.memory.addSecretDigest(app.id, digest(secret));
  const client = { id: app.id, clientId: app.clientId, secret, secretId: null, redirectUris: app.redirectUris };
  const user = givenAUser(ctx);
  const code = (await authorizeAndApprove(ctx, client, user.id, { scope: "openid" })).get("code")!;
  const token = await call(handleTokenRequest, tokenRequest({ grant_type: "authorization_code", code, redirect_uri: client.redirectUris[0]!, code_verifier: VERIFIER }, { id: client.clientId, secret }), ctx);
  return { client, user, idToken: (token.body as { id_token: string }).id_token };
}

const decide = (ctx: TestContext, query: Record<string, string>, userId: string | null, confirmed = false) => decideEndSession(new Params(Object.entries(query)), userId, confirmed, ctx);

describe("RP-Initiated Logout (OpenID Connect RP-Initiated Logout 1.0 §2, §3)", () => {
  it("signs out at once with an id_token_hint for the signed-in user, back to the registered URI with state", async () => {
    const ctx = testContext();
    const { user, idToken } = await givenASignIn(ctx);
    expect(await decide(ctx, { id_token_hint: idToken, post_logout_redirect_uri: LOGOUT_URI, state: "af0ifjsldkj" }, user.id)).toEqual({
      kind: "sign_out",
      redirect: `${LOGOUT_URI}?state=af0ifjsldkj`,
      appName: "Relying Party",
    });
    // A loopback URI matches on any port, as redirect URIs do (RFC 8252 §7.3).
    expect(await decide(ctx, { id_token_hint: idToken, post_logout_redirect_uri: "http://127.0.0.1:51004/bye" }, user.id)).toMatchObject({ redirect: "http://127.0.0.1:51004/bye" });
  });

  it("asks first when nothing proves who sent it, or the hint names another user; the user's own confirmation signs out", async () => {
    const ctx = testContext();
    const { client, user, idToken } = await givenASignIn(ctx);
    const query = { client_id: client.clientId, post_logout_redirect_uri: LOGOUT_URI, state: "s" };
    expect(await decide(ctx, query, user.id)).toEqual({ kind: "confirm", appName: "Relying Party", fields: query });
    expect(await decide(ctx, { id_token_hint: idToken }, givenAUser(ctx).id)).toMatchObject({ kind: "confirm" });
    expect(await decide(ctx, { ...query, decision: "sign_out" }, user.id)).toMatchObject({ kind: "confirm" }); // not from Gatehouse's own form
    expect(await decide(ctx, { ...query, decision: "sign_out" }, user.id, true)).toMatchObject({ kind: "sign_out", redirect: `${LOGOUT_URI}?state=s` });
    // Nobody signed in: nothing to ask about.
    expect(await decide(ctx, query, null)).toMatchObject({ kind: "sign_out", redirect: `${LOGOUT_URI}?state=s` });
  });

  it("accepts an expired id_token_hint signed by a key since retired", async () => {
    const ctx = testContext();
    const { user, idToken } = await givenASignIn(ctx);
    await ctx.keyring.rotate("RS256", ctx.clock.now());
    ctx.clock.advance(KEY_ACTIVATION_SECONDS + 30 * 86400);
    expect(await decide(ctx, { id_token_hint: idToken, post_logout_redirect_uri: LOGOUT_URI }, user.id)).toMatchObject({ kind: "sign_out", redirect: LOGOUT_URI });
  });

  it("never redirects to an unregistered URI, and says what to fix", async () => {
    const ctx = testContext();
    const { client, user, idToken } = await givenASignIn(ctx);
    const refusal = (detail: RegExp) => ({ kind: "error", detail: expect.stringMatching(detail) });
    expect(await decide(ctx, { id_token_hint: idToken, post_logout_redirect_uri: "https://evil.example/" }, user.id)).toEqual(refusal(/not registered for Relying Party.*OpenID Connect in the app's settings/));
    expect(await decide(ctx, { post_logout_redirect_uri: LOGOUT_URI }, user.id)).toEqual(refusal(/without client_id or id_token_hint/));
    expect(await decide(ctx, { id_token_hint: "a.b.c" }, user.id)).toEqual(refusal(/not an ID token Gatehouse issued/));
    expect(await decide(ctx, { id_token_hint: idToken, client_id: generateClientId() }, user.id)).toEqual(refusal(/not the app the id_token_hint was issued to/));
    expect(await decide(ctx, { client_id: "nobody" }, user.id)).toEqual(refusal(/names no Gatehouse app/));
    expect(await decide(ctx, { client_id: client.clientId, client_id_2: "x", state: "\u0000" }, user.id)).toEqual(refusal(/control characters/));
  });
});
