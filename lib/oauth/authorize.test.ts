import { describe, expect, it } from "vitest";
import { checkAuthorizationRequest, decideAuthorization } from "@/lib/oauth/authorize";
import { answerConsent, appWaitingForSignIn, loadConsentScreen } from "@/lib/oauth/consent";
import { Params } from "@/lib/oauth/params";
import { digest } from "@/lib/oauth/secrets";
import {
  authorizeAndApprove,
  authorizeQuery,
  CHALLENGE,
  givenAClient,
  givenAUser,
  ISSUER,
  signedIn,
  testContext,
  type TestClient,
  type TestContext,
} from "@/lib/oauth/testing/fixtures";

function query(client: TestClient, extra: Record<string, string> = {}, drop: string[] = []) {
  return authorizeQuery(client, { state: "s-1", ...extra }, drop);
}

async function check(q: URLSearchParams | string, ctx: TestContext) {
  return checkAuthorizationRequest(Params.fromSearch(q), ctx);
}

function redirectParams(result: { kind: string; url?: string }) {
  expect(result.kind).toBe("redirect");
  return Object.fromEntries(new URL(result.url!).searchParams);
}

const approve = (request: string) => ({ request, decision: "approve" as const });
const deny = (request: string) => ({ request, decision: "deny" as const });

describe("authorize: the client and redirect URI are checked first and never redirected to when wrong", () => {
  it("shows an error page for a missing or unknown client_id, with the value received", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    expect(await check(query(client, {}, ["client_id"]), ctx)).toEqual({ kind: "error_page", reason: "missing_client_id" });
    expect(await check(query(client, { client_id: "nope" }), ctx)).toEqual({ kind: "error_page", reason: "unknown_client", received: "nope" });
  });

  it("shows an error page for an unregistered redirect_uri, naming it", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const result = await check(query(client, { redirect_uri: "https://evil.example/cb" }), ctx);
    expect(result).toMatchObject({
      kind: "error_page",
      reason: "unregistered_redirect_uri",
      client: { name: "Client App", redirectUris: client.redirectUris },
      received: "https://evil.example/cb",
    });
  });

  it("shows an error page for a repeated client_id or redirect_uri", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const q = query(client);
    q.append("redirect_uri", client.redirectUris[0]!);
    expect(await check(q, ctx)).toMatchObject({ kind: "error_page", reason: "repeated_redirect_uri" });
  });

  it("lets redirect_uri be omitted only when exactly one is registered", async () => {
    const ctx = testContext();
    const one = givenAClient(ctx);
    expect(await check(query(one, {}, ["redirect_uri"]), ctx)).toMatchObject({ kind: "ok", request: { redirectUri: one.redirectUris[0], redirectUriSent: false } });
    const two = givenAClient(ctx, "confidential", ["https://a.example/cb", "https://b.example/cb"]);
    expect(await check(query(two, {}, ["redirect_uri"]), ctx)).toMatchObject({ kind: "error_page", reason: "missing_redirect_uri", client: { redirectUris: two.redirectUris } });
  });

  it("accepts another port on a loopback IP and keeps the URI as requested (RFC 8252 §7.3)", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx, "public", ["http://127.0.0.1/cb"]);
    expect(await check(query(client, { redirect_uri: "http://127.0.0.1:49152/cb" }), ctx)).toMatchObject({
      kind: "ok",
      request: { redirectUri: "http://127.0.0.1:49152/cb", redirectUriSent: true },
    });
  });
});

describe("authorize: other errors go back to the client with state and iss", () => {
  it.each([
    [{ response_type: "" }, [], "invalid_request", /response_type is missing/],
    [{ response_type: "token" }, [], "unsupported_response_type", /code/],
    [{ scope: "user.read admin" }, [], "invalid_scope", /^scope admin is not offered by this server; .*scopes_supported/],
    [{ scope: `email ${"x".repeat(100)}` }, [], "invalid_scope", new RegExp(`^scope ${"x".repeat(64)}\\.\\.\\. is not offered`)],
    [{ scope: "email a\"b" }, [], "invalid_scope", /^scope has a character a scope name cannot have/],
    [{ scope: "user.read,profile,email" }, [], "invalid_scope", /^scope user\.read,profile,email is not offered by this server: scopes are separated by spaces, not commas$/],
    [{ scope: "user.read, profile" }, [], "invalid_scope", /^scope user\.read, is not offered by this server: scopes are separated by spaces, not commas$/],
    [{ code_challenge_method: "" }, [], "invalid_request", /S256/],
    [{ code_challenge_method: "plain" }, [], "invalid_request", /plain is not supported/],
    [{ code_challenge: "short" }, [], "invalid_request", /43-character/],
    [{}, ["code_challenge"], "invalid_request", /without code_challenge/],
    [{ prompt: "sign_up" }, [], "invalid_request", /^prompt value sign_up is not supported; use none, login, consent, select_account$/],
    [{ prompt: "none login" }, [], "invalid_request", /^prompt=none cannot be combined with other values$/],
    [{ nonce: "n".repeat(256) }, [], "invalid_request", /nonce is longer than 255 characters/],
    [{ max_age: "-1" }, [], "invalid_request", /max_age must be a whole number of seconds/],
    [{ max_age: "1.5" }, [], "invalid_request", /max_age must be a whole number of seconds/],
    [{ id_token_hint: "not-a-jwt" }, [], "invalid_request", /id_token_hint is not an ID token this server issued/],
    [{ request: "eyJhbGciOiJub25lIn0.e30." }, [], "request_not_supported", /request objects are not supported/],
    [{ request_uri: "https://client.example/r" }, [], "request_uri_not_supported", /request_uri is not supported/],
    [{ registration: "{}" }, [], "registration_not_supported", /register the app on the Gatehouse dashboard/],
  ])("%j without %j -> %s", async (extra, drop, error, description) => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const params = redirectParams(await check(query(client, extra as Record<string, string>, drop as string[]), ctx));
    expect(params).toEqual({ error, error_description: expect.stringMatching(description), state: "s-1", iss: ISSUER });
  });

  it("names every malformed parameter in one invalid_request", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const params = redirectParams(await check(query(client, { code_challenge: "short", prompt: "sign_up" }, ["response_type"]), ctx));
    expect(params).toEqual({
      error: "invalid_request",
      error_description: "response_type is missing: send response_type=code; code_challenge must be the 43-character base64url SHA-256 of the code_verifier; prompt value sign_up is not supported; use none, login, consent, select_account",
      state: "s-1",
      iss: ISSUER,
    });
  });

  it("refuses a repeated parameter", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const q = query(client);
    q.append("scope", "email");
    q.append("scope", "profile");
    expect(redirectParams(await check(q, ctx))).toMatchObject({ error: "invalid_request", error_description: "scope was sent more than once; send each parameter once" });
  });

  it("requires PKCE from public clients and not from confidential ones", async () => {
    const ctx = testContext();
    const pub = givenAClient(ctx, "public");
    expect(redirectParams(await check(query(pub, {}, ["code_challenge", "code_challenge_method"]), ctx))).toMatchObject({
      error: "invalid_request",
      error_description: expect.stringMatching(/this app is public: PKCE is required/),
    });
    const conf = givenAClient(ctx);
    expect(await check(query(conf, {}, ["code_challenge", "code_challenge_method"]), ctx)).toMatchObject({ kind: "ok", request: { codeChallenge: null } });
  });

  it("treats an empty parameter as omitted and always grants user.read", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    expect(await check(query(client, { scope: "" }), ctx)).toMatchObject({ kind: "ok", request: { scopes: ["user.read"] } });
    expect(await check(query(client, { scope: "email profile" }), ctx)).toMatchObject({ kind: "ok", request: { scopes: ["email", "profile", "user.read"] } });
  });

  it("echoes state byte for byte and keeps the redirect URI's own query", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx, "confidential", ["https://client.example/cb?tenant=a%20b"]);
    const state = "a b&c=d/~+%20?#'\"";
    const user = givenAUser(ctx);
    const params = await authorizeAndApprove(ctx, client, user.id, { state });
    expect(params.get("state")).toBe(state);
    expect(params.get("tenant")).toBe("a b");
    expect(params.get("iss")).toBe(ISSUER);
    expect(params.get("code")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("authorize: values that cannot be stored or echoed", () => {
  it.each([["caf\u00e9"], ["a\u0000b"], ["tab\there"], ["\u202eevil"]])("stops on the error page for a state outside VSCHAR: %j", async (state) => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    expect(await check(query(client, { state }), ctx)).toMatchObject({ kind: "error_page", reason: "invalid_state", client: { name: "Client App" } });
  });

  it.each([["abc\u0000"], ["\u0001"], ["x".repeat(300)], ["caf\u00e9"]])("treats a client_id no app can have as unknown, without looking it up: %j", async (clientId) => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    expect(await check(query(client, { client_id: clientId }), ctx)).toEqual({ kind: "error_page", reason: "unknown_client", received: clientId });
  });

  it("refuses control characters in the other parameters with invalid_request", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    expect(redirectParams(await check(query(client, { scope: "email\u0000" }), ctx))).toMatchObject({ error: "invalid_request", error_description: expect.stringMatching(/scope contains control characters/) });
  });
});

describe("authorize: sign-in, consent and remembered consent", () => {
  async function ok(client: TestClient, extra: Record<string, string> = {}, ctx: TestContext) {
    const result = await check(query(client, extra), ctx);
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    return result.request;
  }

  it("sends a signed-out user to sign in, or answers login_required for prompt=none", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    expect(await decideAuthorization(await ok(client, {}, ctx), null, ctx)).toMatchObject({ kind: "sign_in", reason: "signed_out" });
    expect(redirectParams(await decideAuthorization(await ok(client, { prompt: "none" }, ctx), null, ctx))).toMatchObject({ error: "login_required", state: "s-1" });
  });

  it("shows the consent screen for a new grant, or answers consent_required for prompt=none", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const user = givenAUser(ctx);
    expect(await decideAuthorization(await ok(client, {}, ctx), signedIn(user.id, ctx), ctx)).toMatchObject({ kind: "consent", handle: expect.any(String) });
    expect(redirectParams(await decideAuthorization(await ok(client, { prompt: "none" }, ctx), signedIn(user.id, ctx), ctx))).toMatchObject({ error: "consent_required" });
  });

  it("does not ask again for scopes a confidential app already holds, unless prompt=consent", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const user = givenAUser(ctx);
    await authorizeAndApprove(ctx, client, user.id, { scope: "email" });
    const again = await decideAuthorization(await ok(client, { scope: "email" }, ctx), signedIn(user.id, ctx), ctx);
    expect(again.kind).toBe("redirect");
    expect(redirectParams(again)).toMatchObject({ code: expect.any(String), state: "s-1", iss: ISSUER });
    expect((await decideAuthorization(await ok(client, { scope: "email", prompt: "none" }, ctx), signedIn(user.id, ctx), ctx)).kind).toBe("redirect");
    expect((await decideAuthorization(await ok(client, { scope: "email", prompt: "consent" }, ctx), signedIn(user.id, ctx), ctx)).kind).toBe("consent");
    // A scope beyond the grant needs consent again.
    expect((await decideAuthorization(await ok(client, { scope: "email profile" }, ctx), signedIn(user.id, ctx), ctx)).kind).toBe("consent");
  });

  it("always asks for public clients (RFC 8252 §8.6)", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx, "public");
    const user = givenAUser(ctx);
    await authorizeAndApprove(ctx, client, user.id);
    expect((await decideAuthorization(await ok(client, {}, ctx), signedIn(user.id, ctx), ctx)).kind).toBe("consent");
  });

  it("widens the stored grant on approval", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const user = givenAUser(ctx);
    await authorizeAndApprove(ctx, client, user.id, { scope: "email" });
    await authorizeAndApprove(ctx, client, user.id, { scope: "profile", prompt: "consent" });
    expect((await ctx.grants.findGrant(user.id, client.id))?.scope).toBe("email profile user.read");
  });
});

describe("the consent decision", () => {
  async function pending(ctx: TestContext, client?: TestClient) {
    const c = client ?? givenAClient(ctx);
    const user = givenAUser(ctx);
    const request = await check(query(c, { scope: "email" }), ctx);
    if (request.kind !== "ok") throw new Error("bad request");
    const decision = await decideAuthorization(request.request, signedIn(user.id, ctx), ctx);
    if (decision.kind !== "consent") throw new Error("no consent");
    return { user, handle: decision.handle, client: c };
  }

  it("shows what is asked, bound to the stored request", async () => {
    const ctx = testContext();
    const { user, handle } = await pending(ctx);
    expect(await loadConsentScreen(handle, user.id, ctx)).toMatchObject({
      client: { name: "Client App", ownerName: "Owner" },
      scopes: [{ name: "user.read" }, { name: "email" }],
      redirectHost: "client.example",
    });
  });

  it("shows a name stored before format characters were refused without them", async () => {
    const ctx = testContext();
    const spoof = ctx.memory.addClient({ clientId: "spoof-client-id-00000000", name: "Acme\u202eLRC", description: "Notes\u200b for you", clientType: "confidential", redirectUris: ["https://client.example/cb"], homepageUrl: null, privacyPolicyUrl: null, termsUrl: null, ownerName: "Eve\u200b" });
    const { user, handle } = await pending(ctx, { id: spoof.id, clientId: spoof.clientId, secret: null, secretId: null, redirectUris: spoof.redirectUris });
    expect(await loadConsentScreen(handle, user.id, ctx)).toMatchObject({ client: { name: "AcmeLRC", description: "Notes for you", ownerName: "Eve" } });
  });

  it("redirects with access_denied on Deny and stores no grant", async () => {
    const ctx = testContext();
    const { user, handle, client } = await pending(ctx);
    expect(redirectParams(await answerConsent(deny(handle), user.id, ctx))).toEqual({
      error: "access_denied",
      error_description: "the user denied the request",
      state: "s-1",
      iss: ISSUER,
    });
    expect(await ctx.grants.findGrant(user.id, client.id)).toBeNull();
  });

  it("sends nothing to a redirect URI the developer removed while the screen was open, on Approve or Deny", async () => {
    for (const answer of [approve, deny]) {
      const ctx = testContext();
      const { user, handle, client } = await pending(ctx);
      ctx.memory.setRedirectUris(client.id, ["https://client.example/new-callback"]);
      expect(await answerConsent(answer(handle), user.id, ctx)).toEqual({ kind: "redirect_uri_removed" });
      expect(await ctx.grants.findGrant(user.id, client.id)).toBeNull();
    }
  });

  it("counts only the first answer", async () => {
    const ctx = testContext();
    const { user, handle } = await pending(ctx);
    expect((await answerConsent(approve(handle), user.id, ctx)).kind).toBe("redirect");
    expect(await answerConsent(approve(handle), user.id, ctx)).toEqual({ kind: "expired" });
    expect(await answerConsent(deny(handle), user.id, ctx)).toEqual({ kind: "expired" });
  });

  it("refuses another user's, an unknown and an expired request", async () => {
    const ctx = testContext();
    const { handle } = await pending(ctx);
    const other = givenAUser(ctx);
    expect(await answerConsent(approve(handle), other.id, ctx)).toEqual({ kind: "expired" });
    expect(await answerConsent(approve("tampered"), other.id, ctx)).toEqual({ kind: "expired" });
    const late = await pending(ctx);
    ctx.clock.advance(600);
    expect(await loadConsentScreen(late.handle, late.user.id, ctx)).toBeNull();
    expect(await answerConsent(approve(late.handle), late.user.id, ctx)).toEqual({ kind: "expired" });
  });

  it("issues a code bound to the stored client, redirect URI, scope, user and challenge", async () => {
    const ctx = testContext();
    const { user, handle, client } = await pending(ctx);
    const params = redirectParams(await answerConsent(approve(handle), user.id, ctx));
    const code = await ctx.codes.findCode(digest(params.code!));
    expect(code).toMatchObject({
      applicationId: client.id,
      userId: user.id,
      redirectUri: client.redirectUris[0],
      redirectUriSent: true,
      scope: "email user.read",
      codeChallenge: CHALLENGE,
      usedAt: null,
    });
    expect(JSON.stringify(code)).not.toContain(params.code);
  });

  it("gives a code 90 seconds when a personal-data scope is asked, 5 minutes otherwise", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const user = givenAUser(ctx);
    const now = ctx.clock.now().getTime();
    const personal = await authorizeAndApprove(ctx, client, user.id, { scope: "email" });
    const plain = await authorizeAndApprove(ctx, client, user.id, { scope: "user.read" });
    const expiry = async (code: string) => (await ctx.codes.findCode(digest(code)))!.expiresAt.getTime() - now;
    expect(await expiry(personal.get("code")!)).toBe(90_000);
    expect(await expiry(plain.get("code")!)).toBe(300_000);
  });
});

describe("the sign-in an authorization waits for", () => {
  it("names the app of the authorize request or of the open consent screen, and nothing else", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    expect(await appWaitingForSignIn(`/oauth/authorize?${query(client)}`, ctx)).toBe("Client App");
    expect(await appWaitingForSignIn("/oauth/authorize?client_id=unknown", ctx)).toBeNull();
    expect(await appWaitingForSignIn("/oauth/authorize", ctx)).toBeNull();
    expect(await appWaitingForSignIn(`/dashboard?client_id=${client.clientId}`, ctx)).toBeNull();

    const user = givenAUser(ctx);
    const request = await check(query(client), ctx);
    if (request.kind !== "ok") throw new Error("bad request");
    const decision = await decideAuthorization(request.request, signedIn(user.id, ctx), ctx);
    if (decision.kind !== "consent") throw new Error("no consent");
    expect(await appWaitingForSignIn(`/oauth/consent?request=${decision.handle}`, ctx)).toBe("Client App");
    expect(await appWaitingForSignIn("/oauth/consent?request=nope", ctx)).toBeNull();
    ctx.clock.advance(11 * 60);
    expect(await appWaitingForSignIn(`/oauth/consent?request=${decision.handle}`, ctx)).toBeNull();
  });
});

describe("restricted scopes", () => {
  function withRestrictedScope(ctx: TestContext) {
    ctx.scopes = [...ctx.scopes, { name: "notes.admin", description: "Manage every note", personalData: false, restricted: true, api: "https://notes.example" }];
  }

  it("are refused with invalid_scope, naming the scope, until an operator approves them for the app", async () => {
    const ctx = testContext();
    withRestrictedScope(ctx);
    const client = givenAClient(ctx);
    expect(redirectParams(await check(query(client, { scope: "email notes.admin" }), ctx))).toEqual({
      error: "invalid_scope",
      error_description: expect.stringMatching(/^notes\.admin is a restricted scope that needs an operator's approval for this app/),
      state: "s-1",
      iss: ISSUER,
    });
    ctx.memory.setScopeApproval(client.id, "notes.admin", true);
    expect(await check(query(client, { scope: "email notes.admin" }), ctx)).toMatchObject({ kind: "ok", request: { scopes: ["email", "notes.admin", "user.read"] } });
  });

  it("stop a grant when the approval is revoked while the consent screen is open", async () => {
    const ctx = testContext();
    withRestrictedScope(ctx);
    const client = givenAClient(ctx);
    ctx.memory.setScopeApproval(client.id, "notes.admin", true);
    const user = givenAUser(ctx);
    const request = await check(query(client, { scope: "notes.admin" }), ctx);
    if (request.kind !== "ok") throw new Error("bad request");
    const decision = await decideAuthorization(request.request, signedIn(user.id, ctx), ctx);
    if (decision.kind !== "consent") throw new Error("no consent");
    ctx.memory.setScopeApproval(client.id, "notes.admin", false);
    expect(redirectParams(await answerConsent(approve(decision.handle), user.id, ctx))).toMatchObject({ error: "invalid_scope" });
    expect(await ctx.grants.findGrant(user.id, client.id)).toBeNull();
  });

  it("grant nothing of a scope removed while the consent screen was open: the screen no longer shows it", async () => {
    const ctx = testContext();
    ctx.scopes = [...ctx.scopes, { name: "notes.read", description: "Read your notes", personalData: false, restricted: false, api: "https://notes.example" }];
    const client = givenAClient(ctx);
    const user = givenAUser(ctx);
    const request = await check(query(client, { scope: "email notes.read" }), ctx);
    if (request.kind !== "ok") throw new Error("bad request");
    const decision = await decideAuthorization(request.request, signedIn(user.id, ctx), ctx);
    if (decision.kind !== "consent") throw new Error("no consent");
    ctx.scopes = ctx.scopes.filter((s) => s.name !== "notes.read");
    expect((await loadConsentScreen(decision.handle, user.id, ctx))!.scopes.map((s) => s.name)).toEqual(["user.read", "email"]);
    const code = redirectParams(await answerConsent(approve(decision.handle), user.id, ctx)).code!;
    expect((await ctx.grants.findGrant(user.id, client.id))!.scope).toBe("email user.read");
    expect((await ctx.codes.findCode(digest(code)))!.scope).toBe("email user.read");
  });

  it("apply to a scope marked restricted later: no app is approved for it yet", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    expect((await check(query(client, { scope: "email" }), ctx)).kind).toBe("ok");
    ctx.scopes = ctx.scopes.map((s) => (s.name === "email" ? { ...s, restricted: true } : s));
    expect(redirectParams(await check(query(client, { scope: "email" }), ctx))).toMatchObject({ error: "invalid_scope" });
  });
});
