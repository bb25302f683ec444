import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { answerConsent, checkAuthorizationRequest, decideAuthorization, loadConsentScreen } from "@/lib/oauth/authorize";
import { Params } from "@/lib/oauth/params";
import { digest } from "@/lib/oauth/secrets";
import { createTestUser } from "@/lib/testing/fixtures";
import { authorizeAndApprove, CHALLENGE, givenAClient, ISSUER, testContext, type TestClient } from "@/lib/testing/oauth";

function query(client: TestClient, extra: Record<string, string> = {}, drop: string[] = []) {
  const q = new URLSearchParams({
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: client.redirectUris[0]!,
    state: "s-1",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
    ...extra,
  });
  for (const name of drop) q.delete(name);
  return q;
}

async function check(q: URLSearchParams | string, ctx = testContext()) {
  return checkAuthorizationRequest(Params.fromSearch(q), ctx);
}

function redirectParams(result: { kind: string; url?: string }) {
  expect(result.kind).toBe("redirect");
  return Object.fromEntries(new URL(result.url!).searchParams);
}

describe("authorize: the client and redirect URI are checked first and never redirected to when wrong", () => {
  it("shows an error page for a missing or unknown client_id, with the value received", async () => {
    const client = await givenAClient();
    expect(await check(query(client, {}, ["client_id"]))).toMatchObject({ kind: "error_page", detail: expect.stringMatching(/no client_id/) });
    expect(await check(query(client, { client_id: "nope" }))).toMatchObject({ kind: "error_page", title: "Unknown application", received: "nope" });
  });

  it("shows an error page for an unregistered redirect_uri, naming it", async () => {
    const client = await givenAClient();
    const result = await check(query(client, { redirect_uri: "https://evil.example/cb" }));
    expect(result).toMatchObject({
      kind: "error_page",
      title: "Redirect URI not registered",
      detail: expect.stringContaining("redirect_uri https://evil.example/cb is not registered for Client App"),
      received: "https://evil.example/cb",
    });
  });

  it("shows an error page for a repeated client_id or redirect_uri", async () => {
    const client = await givenAClient();
    const q = query(client);
    q.append("redirect_uri", client.redirectUris[0]!);
    expect(await check(q)).toMatchObject({ kind: "error_page", detail: expect.stringMatching(/more than once/) });
  });

  it("lets redirect_uri be omitted only when exactly one is registered", async () => {
    const one = await givenAClient();
    expect(await check(query(one, {}, ["redirect_uri"]))).toMatchObject({ kind: "ok", request: { redirectUri: one.redirectUris[0], redirectUriSent: false } });
    const two = await givenAClient("confidential", ["https://a.example/cb", "https://b.example/cb"]);
    expect(await check(query(two, {}, ["redirect_uri"]))).toMatchObject({ kind: "error_page", title: "Missing redirect URI" });
  });

  it("accepts another port on a loopback IP and keeps the URI as requested (RFC 8252 §7.3)", async () => {
    const client = await givenAClient("public", ["http://127.0.0.1/cb"]);
    expect(await check(query(client, { redirect_uri: "http://127.0.0.1:49152/cb" }))).toMatchObject({
      kind: "ok",
      request: { redirectUri: "http://127.0.0.1:49152/cb", redirectUriSent: true },
    });
  });
});

describe("authorize: other errors go back to the client with state and iss", () => {
  it.each([
    [{ response_type: "" }, [], "invalid_request", /response_type is missing/],
    [{ response_type: "token" }, [], "unsupported_response_type", /code/],
    [{ scope: "user.read admin" }, [], "invalid_scope", /scopes_supported/],
    [{ code_challenge_method: "" }, [], "invalid_request", /S256/],
    [{ code_challenge_method: "plain" }, [], "invalid_request", /plain is not supported/],
    [{ code_challenge: "short" }, [], "invalid_request", /43-character/],
    [{}, ["code_challenge"], "invalid_request", /without code_challenge/],
    [{ prompt: "login" }, [], "invalid_request", /prompt/],
  ])("%j without %j -> %s", async (extra, drop, error, description) => {
    const client = await givenAClient();
    const params = redirectParams(await check(query(client, extra as Record<string, string>, drop as string[])));
    expect(params).toEqual({ error, error_description: expect.stringMatching(description), state: "s-1", iss: ISSUER });
  });

  it("refuses a repeated parameter", async () => {
    const client = await givenAClient();
    const q = query(client);
    q.append("scope", "email");
    q.append("scope", "profile");
    expect(redirectParams(await check(q))).toMatchObject({ error: "invalid_request", error_description: "scope was sent more than once; send each parameter once" });
  });

  it("requires PKCE from public clients and not from confidential ones", async () => {
    const pub = await givenAClient("public");
    expect(redirectParams(await check(query(pub, {}, ["code_challenge", "code_challenge_method"])))).toMatchObject({
      error: "invalid_request",
      error_description: expect.stringMatching(/this app is public: PKCE is required/),
    });
    const conf = await givenAClient();
    expect(await check(query(conf, {}, ["code_challenge", "code_challenge_method"]))).toMatchObject({ kind: "ok", request: { codeChallenge: null } });
  });

  it("treats an empty parameter as omitted and always grants user.read", async () => {
    const client = await givenAClient();
    expect(await check(query(client, { scope: "" }))).toMatchObject({ kind: "ok", request: { scopes: ["user.read"] } });
    expect(await check(query(client, { scope: "email profile" }))).toMatchObject({ kind: "ok", request: { scopes: ["email", "profile", "user.read"] } });
  });

  it("echoes state byte for byte and keeps the redirect URI's own query", async () => {
    const client = await givenAClient("confidential", ["https://client.example/cb?tenant=a%20b"]);
    const state = "a b&c=d/é+%20?#";
    const user = await createTestUser();
    const ctx = testContext();
    const params = await authorizeAndApprove(ctx, client, user.id, { state });
    expect(params.get("state")).toBe(state);
    expect(params.get("tenant")).toBe("a b");
    expect(params.get("iss")).toBe(ISSUER);
    expect(params.get("code")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("authorize: sign-in, consent and remembered consent", () => {
  async function ok(client: TestClient, extra: Record<string, string> = {}) {
    const result = await check(query(client, extra));
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    return result.request;
  }

  it("sends a signed-out user to sign in, or answers login_required for prompt=none", async () => {
    const client = await givenAClient();
    const ctx = testContext();
    expect(await decideAuthorization(await ok(client), null, ctx)).toEqual({ kind: "sign_in" });
    expect(redirectParams(await decideAuthorization(await ok(client, { prompt: "none" }), null, ctx))).toMatchObject({ error: "login_required", state: "s-1" });
  });

  it("shows the consent screen for a new grant, or answers consent_required for prompt=none", async () => {
    const client = await givenAClient();
    const user = await createTestUser();
    const ctx = testContext();
    expect(await decideAuthorization(await ok(client), user.id, ctx)).toMatchObject({ kind: "consent", handle: expect.any(String) });
    expect(redirectParams(await decideAuthorization(await ok(client, { prompt: "none" }), user.id, ctx))).toMatchObject({ error: "consent_required" });
  });

  it("does not ask again for scopes a confidential app already holds, unless prompt=consent", async () => {
    const client = await givenAClient();
    const user = await createTestUser();
    const ctx = testContext();
    await authorizeAndApprove(ctx, client, user.id, { scope: "email" });
    const again = await decideAuthorization(await ok(client, { scope: "email" }), user.id, ctx);
    expect(again.kind).toBe("redirect");
    expect(redirectParams(again)).toMatchObject({ code: expect.any(String), state: "s-1", iss: ISSUER });
    expect((await decideAuthorization(await ok(client, { scope: "email", prompt: "none" }), user.id, ctx)).kind).toBe("redirect");
    expect((await decideAuthorization(await ok(client, { scope: "email", prompt: "consent" }), user.id, ctx)).kind).toBe("consent");
    // A scope beyond the grant needs consent again.
    expect((await decideAuthorization(await ok(client, { scope: "email profile" }), user.id, ctx)).kind).toBe("consent");
  });

  it("always asks for public clients (RFC 8252 §8.6)", async () => {
    const client = await givenAClient("public");
    const user = await createTestUser();
    const ctx = testContext();
    await authorizeAndApprove(ctx, client, user.id);
    expect((await decideAuthorization(await ok(client), user.id, ctx)).kind).toBe("consent");
  });

  it("widens the stored grant on approval", async () => {
    const client = await givenAClient();
    const user = await createTestUser();
    const ctx = testContext();
    await authorizeAndApprove(ctx, client, user.id, { scope: "email" });
    await authorizeAndApprove(ctx, client, user.id, { scope: "profile", prompt: "consent" });
    expect((await db().grant.findFirstOrThrow({ where: { userId: user.id, applicationId: client.id } })).scope).toBe("email profile user.read");
  });
});

describe("the consent decision", () => {
  async function pending(client?: TestClient) {
    const c = client ?? (await givenAClient());
    const user = await createTestUser();
    const ctx = testContext();
    const request = await check(query(c, { scope: "email" }), ctx);
    if (request.kind !== "ok") throw new Error("bad request");
    const decision = await decideAuthorization(request.request, user.id, ctx);
    if (decision.kind !== "consent") throw new Error("no consent");
    return { ctx, user, handle: decision.handle, client: c };
  }

  it("shows what is asked, bound to the stored request", async () => {
    const { ctx, user, handle } = await pending();
    expect(await loadConsentScreen(handle, user.id, ctx)).toMatchObject({
      client: { name: "Client App", ownerName: "Owner" },
      scopes: [{ name: "user.read" }, { name: "email" }],
      redirectHost: "client.example",
    });
  });

  it("redirects with access_denied on Deny and stores no grant", async () => {
    const { ctx, user, handle, client } = await pending();
    expect(redirectParams(await answerConsent(handle, user.id, false, ctx))).toEqual({
      error: "access_denied",
      error_description: "the user denied the request",
      state: "s-1",
      iss: ISSUER,
    });
    expect(await db().grant.count({ where: { applicationId: client.id } })).toBe(0);
  });

  it("counts only the first answer", async () => {
    const { ctx, user, handle } = await pending();
    expect((await answerConsent(handle, user.id, true, ctx)).kind).toBe("redirect");
    expect(await answerConsent(handle, user.id, true, ctx)).toMatchObject({ kind: "error_page" });
    expect(await answerConsent(handle, user.id, false, ctx)).toMatchObject({ kind: "error_page" });
  });

  it("refuses another user's, an unknown and an expired request", async () => {
    const { ctx, handle } = await pending();
    const other = await createTestUser();
    expect(await answerConsent(handle, other.id, true, ctx)).toMatchObject({ kind: "error_page" });
    expect(await answerConsent("tampered", other.id, true, ctx)).toMatchObject({ kind: "error_page" });
    const late = await pending();
    late.ctx.clock.advance(600);
    expect(await loadConsentScreen(late.handle, late.user.id, late.ctx)).toBeNull();
    expect(await answerConsent(late.handle, late.user.id, true, late.ctx)).toMatchObject({ kind: "error_page" });
  });

  it("issues a code bound to the stored client, redirect URI, scope, user and challenge", async () => {
    const { ctx, user, handle, client } = await pending();
    const params = redirectParams(await answerConsent(handle, user.id, true, ctx));
    const code = await db().authorizationCode.findUniqueOrThrow({ where: { digest: digest(params.code!) } });
    expect(code).toMatchObject({
      applicationId: client.id,
      userId: user.id,
      redirectUri: client.redirectUris[0],
      redirectUriSent: true,
      scope: "email user.read",
      codeChallenge: CHALLENGE,
      codeChallengeMethod: "S256",
      usedAt: null,
    });
    expect(JSON.stringify(code)).not.toContain(params.code);
  });

  it("gives a code 90 seconds when a personal-data scope is asked, 5 minutes otherwise", async () => {
    const client = await givenAClient();
    const user = await createTestUser();
    const ctx = testContext();
    const now = ctx.clock.now().getTime();
    const personal = await authorizeAndApprove(ctx, client, user.id, { scope: "email" });
    const plain = await authorizeAndApprove(ctx, client, user.id, { scope: "user.read" });
    const expiry = async (code: string) => (await db().authorizationCode.findUniqueOrThrow({ where: { digest: digest(code) } })).expiresAt.getTime() - now;
    expect(await expiry(personal.get("code")!)).toBe(90_000);
    expect(await expiry(plain.get("code")!)).toBe(300_000);
  });
});
