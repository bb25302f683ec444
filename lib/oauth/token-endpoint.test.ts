import { describe, expect, it } from "vitest";
import type { ProtocolRequest } from "@/lib/oauth/http";
import { digest, generateSecret } from "@/lib/oauth/secrets";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import { call, givenAClient, givenACode, protocolRequest, testContext, tokenRequest, VERIFIER, type TestClient, type TestContext } from "@/lib/oauth/testing/fixtures";

type Ctx = TestContext;

/** Runs the token endpoint and returns status, headers and JSON body, as the route would. */
async function post(ctx: Ctx, request: ProtocolRequest) {
  const { status, headers, body } = await call(handleTokenRequest, request, ctx);
  return { status, headers, body: body ?? {} };
}

const basic = (client: TestClient) => ({ id: client.clientId, secret: client.secret! });

function exchange(ctx: Ctx, client: TestClient, code: string, extra: Record<string, string> = {}, auth: "basic" | "post" | "none" = "basic") {
  const body: Record<string, string> = { grant_type: "authorization_code", code, redirect_uri: client.redirectUris[0]!, code_verifier: VERIFIER, ...extra };
  if (auth === "post") Object.assign(body, { client_id: client.clientId, client_secret: client.secret! });
  if (auth === "none") body.client_id = client.clientId;
  return post(ctx, tokenRequest(body, auth === "basic" ? basic(client) : undefined));
}

function refresh(ctx: Ctx, client: TestClient, refreshToken: string, extra: Record<string, string> = {}) {
  return post(ctx, tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken, ...extra }, basic(client)));
}

async function accessTokenIsLive(token: string, ctx: Ctx) {
  const row = await ctx.tokens.findAccessToken(digest(token));
  return !!row && !row.revokedAt && !row.familyRevokedAt && row.expiresAt > ctx.clock.now();
}

describe("token endpoint: authorization_code", () => {
  it("exchanges a code for a Bearer access token and a refresh token, never cached", async () => {
    const ctx = testContext();
    const { client, code } = await givenACode(ctx);
    const { status, headers, body } = await exchange(ctx, client, code);
    expect(status).toBe(200);
    expect(headers["cache-control"]).toBe("no-store");
    expect(headers["pragma"]).toBe("no-cache");
    expect(body).toEqual({
      access_token: expect.stringMatching(/^gat_[A-Za-z0-9_-]{43}$/),
      token_type: "Bearer",
      expires_in: 7200,
      refresh_token: expect.stringMatching(/^grt_[A-Za-z0-9_-]{43}$/),
      scope: "user.read",
    });
    expect(await accessTokenIsLive(body.access_token as string, ctx)).toBe(true);
    const refreshRow = await ctx.tokens.findRefreshToken(digest(body.refresh_token as string));
    expect(refreshRow!.expiresAt.getTime() - ctx.clock.now().getTime()).toBe(30 * 86400_000);
  });

  it("accepts client_secret_post and marks the secret used", async () => {
    const ctx = testContext();
    const { client, code } = await givenACode(ctx);
    expect(ctx.memory.secretLastUsedAt(client.secretId!)).toBeNull();
    expect((await exchange(ctx, client, code, {}, "post")).status).toBe(200);
    expect(ctx.memory.secretLastUsedAt(client.secretId!)).toEqual(ctx.clock.now());
  });

  it("accepts either of two active secrets, and not a revoked one", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const second = generateSecret("clientSecret");
    ctx.memory.addSecretDigest(client.id, digest(second));
    const first = await givenACode(ctx, client);
    expect((await exchange(ctx, client, first.code)).status).toBe(200);
    const other = await givenACode(ctx, client);
    expect((await exchange(ctx, { ...client, secret: second }, other.code)).status).toBe(200);

    ctx.memory.removeSecret(client.secretId!);
    const third = await givenACode(ctx, client);
    expect(await exchange(ctx, client, third.code)).toMatchObject({ status: 401, body: { error: "invalid_client" } });
  });

  it("lets a public client authenticate with client_id and PKCE", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx, "public");
    const { code } = await givenACode(ctx, client);
    expect(await exchange(ctx, client, code, {}, "none")).toMatchObject({ status: 200, body: { token_type: "Bearer" } });
  });

  it("expires codes at exactly their lifetime", async () => {
    const ctx = testContext();
    const fresh = await givenACode(ctx);
    ctx.clock.advance(299);
    expect((await exchange(ctx, fresh.client, fresh.code)).status).toBe(200);
    const late = await givenACode(ctx);
    ctx.clock.advance(300);
    expect(await exchange(ctx, late.client, late.code)).toMatchObject({
      status: 400,
      body: { error: "invalid_grant", error_description: "code expired 0 s ago; start a new authorization" },
    });
  });

  it("gives personal-data codes 90 seconds", async () => {
    const ctx = testContext();
    const inTime = await givenACode(ctx, undefined, { scope: "email" });
    ctx.clock.advance(89);
    expect(await exchange(ctx, inTime.client, inTime.code)).toMatchObject({ status: 200, body: { scope: "email user.read" } });
    const late = await givenACode(ctx, undefined, { scope: "profile" });
    ctx.clock.advance(130);
    expect(await exchange(ctx, late.client, late.code)).toMatchObject({ body: { error: "invalid_grant", error_description: "code expired 40 s ago; start a new authorization" } });
  });

  it("binds the code to the redirect_uri sent to authorize", async () => {
    const ctx = testContext();
    const a = await givenACode(ctx);
    expect(await exchange(ctx, a.client, a.code, { redirect_uri: "" })).toMatchObject({
      body: { error: "invalid_grant", error_description: "redirect_uri is missing: send the redirect_uri used at /oauth/authorize" },
    });
    expect(await exchange(ctx, a.client, a.code, { redirect_uri: "https://client.example/other" })).toMatchObject({
      body: { error: "invalid_grant", error_description: "redirect_uri differs from the one used at /oauth/authorize" },
    });
    // Omitted at authorize (one registered URI): may be omitted at the token endpoint too.
    const b = await givenACode(ctx, undefined, { redirect_uri: "" });
    expect((await exchange(ctx, b.client, b.code, { redirect_uri: "" })).status).toBe(200);
  });

  it("checks PKCE and refuses a verifier for a code issued without a challenge (downgrade)", async () => {
    const ctx = testContext();
    const a = await givenACode(ctx);
    expect(await exchange(ctx, a.client, a.code, { code_verifier: "x".repeat(43) })).toMatchObject({
      body: { error: "invalid_grant", error_description: "code_verifier does not match the code_challenge of this code" },
    });
    const b = await givenACode(ctx);
    expect(await exchange(ctx, b.client, b.code, { code_verifier: "" })).toMatchObject({ body: { error: "invalid_grant", error_description: expect.stringMatching(/code_verifier is missing/) } });
    const c = await givenACode(ctx, undefined, { code_challenge: "", code_challenge_method: "" });
    expect(await exchange(ctx, c.client, c.code)).toMatchObject({ body: { error: "invalid_grant", error_description: expect.stringMatching(/issued without a code_challenge/) } });
    expect((await exchange(ctx, c.client, c.code, { code_verifier: "" })).status).toBe(200);
  });

  it("refuses a second redemption and revokes the tokens of the first", async () => {
    const ctx = testContext();
    const { client, code } = await givenACode(ctx);
    const first = await exchange(ctx, client, code);
    expect(first.status).toBe(200);
    expect(await exchange(ctx, client, code)).toMatchObject({ status: 400, body: { error: "invalid_grant", error_description: expect.stringMatching(/already used/) } });
    expect(await accessTokenIsLive(first.body.access_token as string, ctx)).toBe(false);
    expect(await refresh(ctx, client, first.body.refresh_token as string)).toMatchObject({ body: { error: "invalid_grant" } });
  });

  it("refuses another client's code", async () => {
    const ctx = testContext();
    const { code } = await givenACode(ctx);
    const other = givenAClient(ctx);
    expect(await exchange(ctx, other, code)).toMatchObject({ status: 400, body: { error: "invalid_grant", error_description: expect.stringMatching(/another client/) } });
  });

  it("lets exactly one of many concurrent redemptions win", async () => {
    const ctx = testContext();
    const { client, code } = await givenACode(ctx);
    const results = await Promise.all(Array.from({ length: 10 }, () => exchange(ctx, client, code)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400, 400, 400, 400, 400, 400]);
    expect(results.filter((r) => r.status === 400).every((r) => r.body.error === "invalid_grant")).toBe(true);
    // RFC 6749 §4.1.2: the losers presented a used code, so the winner's tokens are revoked too.
    const winner = results.find((r) => r.status === 200)!;
    expect(await accessTokenIsLive(winner.body.access_token as string, ctx)).toBe(false);
    expect(await refresh(ctx, client, winner.body.refresh_token as string)).toMatchObject({ body: { error: "invalid_grant", error_description: expect.stringMatching(/revoked/) } });
  });
});

describe("token endpoint: client authentication", () => {
  it.each([
    ["a wrong secret with Basic", (c: TestClient) => tokenRequest({ grant_type: "authorization_code", code: "x" }, { id: c.clientId, secret: "gsec_wrong" }), true],
    ["a wrong secret in the body", (c: TestClient) => tokenRequest({ grant_type: "authorization_code", code: "x", client_id: c.clientId, client_secret: "wrong" }), false],
    ["an unknown client", () => tokenRequest({ grant_type: "authorization_code", code: "x" }, { id: "nobody", secret: "x" }), true],
    ["a confidential client without a secret", (c: TestClient) => tokenRequest({ grant_type: "authorization_code", code: "x", client_id: c.clientId }), false],
    ["no client at all", () => tokenRequest({ grant_type: "authorization_code", code: "x" }), false],
  ])("answers 401 invalid_client for %s", async (_name, build, challenge) => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const { status, headers, body } = await post(ctx, build(client));
    expect(status).toBe(401);
    expect(body.error).toBe("invalid_client");
    expect(headers["www-authenticate"]).toBe(challenge ? 'Basic realm="gatehouse", charset="UTF-8"' : undefined);
  });

  it("names the fix when a public app sends a secret", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx, "public");
    const result = await post(ctx, tokenRequest({ grant_type: "authorization_code", code: "x", client_id: client.clientId, client_secret: "anything" }));
    expect(result).toMatchObject({ status: 401, body: { error: "invalid_client", error_description: "this app is public: send client_id without a secret, and a code_verifier" } });
  });

  it.each(["Basic", "Basic !!!", "Basic " + Buffer.from("no-colon").toString("base64"), "Basic " + Buffer.from("%zz:x").toString("base64"), "Basic " + Buffer.from(":x").toString("base64")])(
    "answers 401 for the malformed header %j",
    async (header) => {
      const request = protocolRequest("https://auth.test/oauth/token", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: header },
        body: "grant_type=authorization_code&code=x",
      });
      expect(await post(testContext(), request)).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    },
  );

  it("form-decodes Basic credentials (RFC 6749 §2.3.1)", async () => {
    const ctx = testContext();
    const { client, code } = await givenACode(ctx);
    const encoded = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.secret!)}`).toString("base64");
    const request = protocolRequest("https://auth.test/oauth/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Basic ${encoded}` },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: client.redirectUris[0]!, code_verifier: VERIFIER }).toString(),
    });
    expect((await post(ctx, request)).status).toBe(200);
  });

  it("refuses Basic together with client_secret, and a differing client_id", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    expect(await post(ctx, tokenRequest({ grant_type: "authorization_code", code: "x", client_secret: client.secret! }, basic(client)))).toMatchObject({
      status: 400,
      body: { error: "invalid_request", error_description: expect.stringMatching(/not both/) },
    });
    expect(await post(ctx, tokenRequest({ grant_type: "authorization_code", code: "x", client_id: "other" }, basic(client)))).toMatchObject({
      status: 400,
      body: { error: "invalid_request" },
    });
  });
});

describe("token endpoint: malformed requests", () => {
  it("needs a form body, and says what was sent instead and how to send a form", async () => {
    const refused = (contentType: string | null, body: string) =>
      post(
        testContext(),
        protocolRequest("https://auth.test/oauth/token", { method: "POST", headers: contentType ? { "Content-Type": contentType } : {}, body }),
      );
    expect(await refused("application/json", "{}")).toMatchObject({
      status: 400,
      body: { error: "invalid_request", error_description: "the body must be application/x-www-form-urlencoded, not JSON: send the same parameters as a form (curl -d or --data-urlencode)" },
    });
    expect(await refused("multipart/form-data; boundary=x", "--x--")).toMatchObject({
      status: 400,
      body: { error: "invalid_request", error_description: expect.stringMatching(/not multipart\/form-data: .*http_build_query/) },
    });
    expect(await refused("text/plain", "grant_type=x")).toMatchObject({ body: { error_description: "the body must be application/x-www-form-urlencoded, not text/plain" } });
    expect(await refused(null, "grant_type=x")).toMatchObject({ body: { error_description: expect.stringMatching(/send Content-Type: application\/x-www-form-urlencoded/) } });
  });

  it("with nothing sent at all, names the missing grant_type rather than the content type", async () => {
    const request = protocolRequest("https://auth.test/oauth/token", { method: "POST" });
    expect(await post(testContext(), request)).toMatchObject({ status: 400, body: { error: "invalid_request", error_description: expect.stringMatching(/grant_type is missing/) } });
  });

  it("refuses a body over 64 KiB with 413", async () => {
    const request = tokenRequest({ grant_type: "authorization_code", padding: "x".repeat(70_000) });
    expect(await post(testContext(), request)).toMatchObject({ status: 413, body: { error: "invalid_request" } });
  });

  it("refuses repeated and missing parameters, and unknown grant types", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const repeated = protocolRequest("https://auth.test/oauth/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=authorization_code&grant_type=refresh_token",
    });
    expect(await post(ctx, repeated)).toMatchObject({ status: 400, body: { error: "invalid_request", error_description: "grant_type was sent more than once; send each parameter once" } });
    expect(await post(ctx, tokenRequest({}, basic(client)))).toMatchObject({ status: 400, body: { error: "invalid_request", error_description: expect.stringMatching(/grant_type is missing/) } });
    expect(await post(ctx, tokenRequest({ grant_type: "password" }, basic(client)))).toMatchObject({ status: 400, body: { error: "unsupported_grant_type" } });
    expect(await post(ctx, tokenRequest({ grant_type: "authorization_code" }, basic(client)))).toMatchObject({ status: 400, body: { error: "invalid_request", error_description: expect.stringMatching(/code is missing/) } });
    expect(await post(ctx, tokenRequest({ grant_type: "authorization_code", code: "garbage\u0000" }, basic(client)))).toMatchObject({
      status: 400,
      body: { error: "invalid_request", error_description: expect.stringMatching(/code contains control characters/) },
    });
  });
});

describe("token endpoint: every problem of a request at once", () => {
  it("names each missing or repeated parameter of the grant in one invalid_request", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const request = protocolRequest("https://auth.test/oauth/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: tokenRequest({}, basic(client)).headers["authorization"]! },
      body: "grant_type=authorization_code&redirect_uri=https%3A%2F%2Fa&redirect_uri=https%3A%2F%2Fb",
    });
    expect(await post(ctx, request)).toMatchObject({
      status: 400,
      body: {
        error: "invalid_request",
        error_description: "redirect_uri was sent more than once; send each parameter once; code is missing: send the code from the redirect",
      },
    });
  });

  it("keeps requirements that depend on the stored code as invalid_grant, after the lookup", async () => {
    const ctx = testContext();
    const { client, code } = await givenACode(ctx);
    expect(await exchange(ctx, client, code, { redirect_uri: "", code_verifier: "" })).toMatchObject({
      status: 400,
      body: { error: "invalid_grant", error_description: "redirect_uri is missing: send the redirect_uri used at /oauth/authorize" },
    });
  });
});

describe("token endpoint: refresh_token", () => {
  async function givenTokens(ctx: Ctx, scope = "email profile") {
    const { client, code, user } = await givenACode(ctx, undefined, { scope });
    const { body } = await exchange(ctx, client, code);
    return { client, user, access: body.access_token as string, refresh: body.refresh_token as string };
  }

  it("rotates: new tokens, and the old refresh token and its access token stop working", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    ctx.clock.advance(60);
    const next = await refresh(ctx, t.client, t.refresh);
    expect(next).toMatchObject({ status: 200, body: { token_type: "Bearer", expires_in: 7200, scope: "email profile user.read" } });
    expect(next.body.refresh_token).not.toBe(t.refresh);
    expect(await accessTokenIsLive(t.access, ctx)).toBe(false);
    expect(await accessTokenIsLive(next.body.access_token as string, ctx)).toBe(true);
    expect(ctx.memory.parentOfRefreshToken(digest(next.body.refresh_token as string))).toBe(digest(t.refresh));
  });

  it("revokes the whole family when a rotated refresh token is replayed", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    const next = await refresh(ctx, t.client, t.refresh);
    expect(await refresh(ctx, t.client, t.refresh)).toMatchObject({ status: 400, body: { error: "invalid_grant", error_description: expect.stringMatching(/already used/) } });
    expect(await accessTokenIsLive(next.body.access_token as string, ctx)).toBe(false);
    expect(await refresh(ctx, t.client, next.body.refresh_token as string)).toMatchObject({ body: { error: "invalid_grant", error_description: expect.stringMatching(/revoked/) } });
  });

  it("narrows the access token's scope but keeps the grant's scope for the next refresh", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    const narrow = await refresh(ctx, t.client, t.refresh, { scope: "email" });
    expect(narrow).toMatchObject({ status: 200, body: { scope: "email user.read" } });
    const full = await refresh(ctx, t.client, narrow.body.refresh_token as string);
    expect(full.body.scope).toBe("email profile user.read");
  });

  it("never widens the scope", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx, "email");
    expect(await refresh(ctx, t.client, t.refresh, { scope: "email profile" })).toMatchObject({ status: 400, body: { error: "invalid_scope" } });
    expect(await refresh(ctx, t.client, t.refresh, { scope: "admin" })).toMatchObject({ status: 400, body: { error: "invalid_scope" } });
    expect((await refresh(ctx, t.client, t.refresh)).status).toBe(200);
  });

  it("says what is wrong with a scope it cannot read: commas for spaces, a name it does not offer, a wider scope", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx, "email profile");
    const description = async (scope: string) => {
      const answer = await refresh(ctx, t.client, t.refresh, { scope });
      expect(answer).toMatchObject({ status: 400, body: { error: "invalid_scope" } });
      return answer.body.error_description;
    };
    expect(await description("email,profile")).toBe("scope email,profile is not offered by this server: scopes are separated by spaces, not commas");
    expect(await description("admin")).toMatch(/^scope admin is not offered by this server; /);
    const narrower = await givenTokens(ctx, "email");
    const widened = await refresh(ctx, narrower.client, narrower.refresh, { scope: "email profile" });
    expect(widened.body.error_description).toBe("scope may only narrow the scope of the grant, never widen it");
  });

  it("fails at the end of the refresh token's lifetime", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    ctx.clock.advance(30 * 86400);
    expect(await refresh(ctx, t.client, t.refresh)).toMatchObject({
      status: 400,
      body: { error: "invalid_grant", error_description: "refresh_token expired 0 s ago; send the user through authorization again" },
    });
  });

  it("caps a grant's refresh tokens at 90 days from the code exchange, however often they rotate", async () => {
    const ctx = testContext();
    const u = await givenTokens(ctx);
    const cap = ctx.clock.now().getTime() + 90 * 86400_000;
    let current = u.refresh;
    for (let rotation = 0; rotation < 3; rotation++) {
      ctx.clock.advance(29 * 86400);
      const next = await refresh(ctx, u.client, current);
      expect(next.status).toBe(200);
      current = next.body.refresh_token as string;
    }
    // Issued on day 87: its 30 days would run to day 117, but the family ends on day 90.
    expect((await ctx.tokens.findRefreshToken(digest(current)))!.expiresAt.getTime()).toBe(cap);
    ctx.clock.advance(3 * 86400);
    expect(await refresh(ctx, u.client, current)).toMatchObject({
      status: 400,
      body: { error: "invalid_grant", error_description: "this grant reached its maximum lifetime; send the user through authorization again" },
    });
  });

  it("says the user revoked the app, to that app only, until the token would have expired", async () => {
    const ctx = testContext();
    const a = await givenTokens(ctx);
    const grant = await ctx.grants.findGrant(a.user.id, a.client.id);
    ctx.clock.advance(60);
    ctx.memory.revokeGrantAsUser(grant!.id, ctx.clock.now());
    ctx.clock.advance(30);
    expect(await refresh(ctx, a.client, a.refresh)).toMatchObject({
      status: 400,
      body: { error: "invalid_grant", error_description: "the user revoked this app's access 30 s ago; send the user through authorization again" },
    });
    const other = givenAClient(ctx);
    expect(await refresh(ctx, other, a.refresh)).toMatchObject({ body: { error_description: "refresh_token is unknown or was issued to another client" } });
    ctx.clock.advance(31 * 86400);
    expect(await refresh(ctx, a.client, a.refresh)).toMatchObject({ body: { error_description: "refresh_token is unknown or was issued to another client" } });
  });

  it("fails once the grant, the user or the app is gone", async () => {
    const ctx = testContext();
    const gone = { status: 400, body: { error: "invalid_grant", error_description: "refresh_token is unknown or was issued to another client" } };
    const a = await givenTokens(ctx);
    const grant = await ctx.grants.findGrant(a.user.id, a.client.id);
    ctx.memory.deleteGrant(grant!.id);
    expect(await refresh(ctx, a.client, a.refresh)).toMatchObject(gone);

    const b = await givenTokens(ctx);
    ctx.memory.deleteUser(b.user.id);
    expect(await refresh(ctx, b.client, b.refresh)).toMatchObject(gone);

    // The app itself is gone: its credentials no longer authenticate, before any token is looked at.
    const c = await givenTokens(ctx);
    ctx.memory.deleteApplication(c.client.id);
    expect(await refresh(ctx, c.client, c.refresh)).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(await ctx.tokens.findRefreshToken(digest(c.refresh))).toBeNull();
  });

  it("refuses another client's refresh token", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    const other = givenAClient(ctx);
    expect(await refresh(ctx, other, t.refresh)).toMatchObject({ body: { error: "invalid_grant", error_description: expect.stringMatching(/another client/) } });
    expect((await refresh(ctx, t.client, t.refresh)).status).toBe(200);
  });

  it("lets exactly one of many concurrent rotations win", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    const results = await Promise.all(Array.from({ length: 10 }, () => refresh(ctx, t.client, t.refresh)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400 && r.body.error === "invalid_grant")).toHaveLength(9);
    // RFC 9700 §4.14.2: the losers replayed a rotated token, which revokes the family, the winner's new tokens included.
    const winner = results.find((r) => r.status === 200)!;
    expect(await accessTokenIsLive(winner.body.access_token as string, ctx)).toBe(false);
    expect(await refresh(ctx, t.client, winner.body.refresh_token as string)).toMatchObject({ body: { error: "invalid_grant", error_description: expect.stringMatching(/revoked/) } });
  });
});

describe("token endpoint: what a request reports (for the request log and metrics)", () => {
  it("names the client and grant type, and whether tokens were issued, rotated or revoked", async () => {
    const ctx = testContext();
    const { client, code } = await givenACode(ctx);
    const fresh = () => Object.assign(ctx, { report: {} });
    const exchanged = await exchange(fresh(), client, code);
    expect(ctx.report).toEqual({ clientId: client.clientId, grantType: "authorization_code", tokens: "issued" });
    const rotated = await refresh(fresh(), client, exchanged.body.refresh_token as string);
    expect(rotated.status).toBe(200);
    expect(ctx.report).toEqual({ clientId: client.clientId, grantType: "refresh_token", tokens: "rotated" });
    await refresh(fresh(), client, exchanged.body.refresh_token as string);
    expect(ctx.report).toEqual({ clientId: client.clientId, grantType: "refresh_token", tokens: "revoked" });
    await exchange(fresh(), client, code);
    expect(ctx.report).toEqual({ clientId: client.clientId, grantType: "authorization_code", tokens: "revoked" });
    await post(fresh(), tokenRequest({ grant_type: "password" }, basic(client)));
    expect(ctx.report).toEqual({ clientId: client.clientId });
    expect(JSON.stringify(ctx.report)).not.toContain(client.secret!);
  });
});
