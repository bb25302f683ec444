import { describe, expect, it } from "vitest";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect";
import { handleRevocationRequest } from "@/lib/oauth/revoke";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import { handleUserinfoRequest } from "@/lib/oauth/userinfo";
import { call, givenAClient, givenACode, ISSUER, jsonOf, protocolRequest, testContext, tokenRequest, VERIFIER, type TestClient, type TestContext } from "@/lib/oauth/testing/fixtures";

type Ctx = TestContext;

async function givenTokens(ctx: Ctx, scope = "user.read", client?: TestClient) {
  const issued = await givenACode(ctx, client, { scope });
  const response = await handleTokenRequest(
    tokenRequest(
      { grant_type: "authorization_code", code: issued.code, redirect_uri: issued.client.redirectUris[0]!, code_verifier: VERIFIER, ...(issued.client.secret ? {} : { client_id: issued.client.clientId }) },
      issued.client.secret ? { id: issued.client.clientId, secret: issued.client.secret } : undefined,
    ),
    ctx,
  );
  const body = jsonOf(response) as { access_token: string; refresh_token: string };
  return { ...issued, access: body.access_token, refresh: body.refresh_token };
}

const userinfo = (ctx: Ctx, init: Parameters<typeof protocolRequest>[1] & { query?: string } = {}) =>
  call(handleUserinfoRequest, protocolRequest(`${ISSUER}/oauth/userinfo${init.query ?? ""}`, init), ctx);
const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
const auth = (client: TestClient) => (client.secret ? { id: client.clientId, secret: client.secret } : undefined);
const revoke = (ctx: Ctx, client: TestClient, body: Record<string, string>) =>
  call(handleRevocationRequest, tokenRequest(client.secret ? body : { ...body, client_id: client.clientId }, auth(client), "/oauth/revoke"), ctx);
const introspect = (ctx: Ctx, client: TestClient, body: Record<string, string>) =>
  call(handleIntrospectionRequest, tokenRequest(client.secret ? body : { ...body, client_id: client.clientId }, auth(client), "/oauth/introspect"), ctx);

describe("userinfo", () => {
  it("returns sub only for user.read", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    expect(await userinfo(ctx, bearer(t.access))).toMatchObject({ status: 200, body: { sub: t.user.id } });
    expect(Object.keys((await userinfo(ctx, bearer(t.access))).body!)).toEqual(["sub"]);
  });

  it("adds name and username with profile, email with email", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx, "profile email");
    expect((await userinfo(ctx, bearer(t.access))).body).toEqual({
      sub: t.user.id,
      name: t.user.name,
      preferred_username: t.user.username,
      email: t.user.email,
      email_verified: false,
    });
  });

  it("accepts the token in a POST form body", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    const result = await userinfo(ctx, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `access_token=${t.access}` });
    expect(result).toMatchObject({ status: 200, body: { sub: t.user.id } });
  });

  it("answers a request without a token with a bare Bearer challenge and no error code", async () => {
    const result = await userinfo(testContext());
    expect(result.status).toBe(401);
    expect(result.headers["www-authenticate"]).toBe('Bearer realm="gatehouse"');
    expect(result.body).not.toHaveProperty("error");
  });

  it("answers invalid_token for unknown, expired and revoked tokens", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    for (const token of ["gat_" + "x".repeat(43), "garbage", t.refresh]) {
      const r = await userinfo(ctx, bearer(token));
      expect(r).toMatchObject({ status: 401, body: { error: "invalid_token" } });
      expect(r.headers["www-authenticate"]).toMatch(/^Bearer realm="gatehouse", error="invalid_token"/);
    }
    ctx.clock.advance(7200);
    expect((await userinfo(ctx, bearer(t.access))).status).toBe(401);
    const u = await givenTokens(ctx);
    await revoke(ctx, u.client, { token: u.access });
    expect((await userinfo(ctx, bearer(u.access))).status).toBe(401);
  });

  it("refuses a token in the query string and two tokens at once", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    expect(await userinfo(ctx, { query: `?access_token=${t.access}` })).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    const both = await userinfo(ctx, {
      method: "POST",
      headers: { Authorization: `Bearer ${t.access}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: `access_token=${t.access}`,
    });
    expect(both).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });
});

describe("revocation", () => {
  it("with an empty body, says that token is missing", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const request = protocolRequest(`${ISSUER}/oauth/revoke`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString("base64")}` },
    });
    expect(await call(handleRevocationRequest, request, ctx)).toMatchObject({
      status: 400,
      body: { error: "invalid_request", error_description: expect.stringMatching(/^token is missing/) },
    });
  });

  it("revokes an access token alone", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    expect((await revoke(ctx, t.client, { token: t.access })).status).toBe(200);
    expect((await userinfo(ctx, bearer(t.access))).status).toBe(401);
    expect(await introspect(ctx, t.client, { token: t.refresh })).toMatchObject({ body: { active: true } });
  });

  it("revokes a refresh token with its family's access tokens, whatever the hint says", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    expect((await revoke(ctx, t.client, { token: t.refresh, token_type_hint: "access_token" })).status).toBe(200);
    expect((await userinfo(ctx, bearer(t.access))).status).toBe(401);
    expect(await introspect(ctx, t.client, { token: t.refresh })).toMatchObject({ body: { active: false } });
  });

  it("ignores an unknown hint and answers 200 for unknown and already revoked tokens", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    expect((await revoke(ctx, t.client, { token: t.access, token_type_hint: "something_else" })).status).toBe(200);
    expect((await revoke(ctx, t.client, { token: t.access })).status).toBe(200);
    expect((await revoke(ctx, t.client, { token: "nonsense" })).status).toBe(200);
  });

  it("answers {} as JSON, which clients that parse every answer accept (RFC 7009 §2.2: the client ignores the body)", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    for (const token of [t.access, t.access, "nonsense"]) {
      const answer = await revoke(ctx, t.client, { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({});
      expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(answer.headers["cache-control"]).toBe("no-store");
    }
  });

  it("leaves another client's token alone and still answers 200", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    const other = givenAClient(ctx);
    expect((await revoke(ctx, other, { token: t.access })).status).toBe(200);
    expect((await userinfo(ctx, bearer(t.access))).status).toBe(200);
  });

  it("lets public clients revoke their tokens", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx, "user.read", givenAClient(ctx, "public"));
    expect((await revoke(ctx, t.client, { token: t.refresh })).status).toBe(200);
    expect((await userinfo(ctx, bearer(t.access))).status).toBe(401);
  });

  it("needs client authentication and a token", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    expect(await call(handleRevocationRequest, tokenRequest({ token: t.access }, undefined, "/oauth/revoke"), ctx)).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(await revoke(ctx, t.client, {})).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect((await userinfo(ctx, bearer(t.access))).status).toBe(200);
  });
});

describe("introspection", () => {
  it("describes a live access token and a live refresh token", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx, "email");
    const now = Math.floor(ctx.clock.now().getTime() / 1000);
    expect((await introspect(ctx, t.client, { token: t.access })).body).toEqual({
      active: true,
      scope: "email user.read",
      client_id: t.client.clientId,
      sub: t.user.id,
      token_type: "Bearer",
      gatehouse_token_kind: "app",
      exp: now + 7200,
      iat: now,
      iss: ISSUER,
    });
    expect((await introspect(ctx, t.client, { token: t.refresh, token_type_hint: "access_token" })).body).toMatchObject({
      active: true,
      token_type: "refresh_token",
      exp: now + 30 * 86400,
    });
  });

  it("tells the username only with the profile scope, as userinfo tells preferred_username", async () => {
    const ctx = testContext();
    const anonymous = await givenTokens(ctx, "user.read");
    for (const token of [anonymous.access, anonymous.refresh]) expect((await introspect(ctx, anonymous.client, { token })).body).not.toHaveProperty("username");
    const t = await givenTokens(ctx, "profile");
    for (const token of [t.access, t.refresh]) expect((await introspect(ctx, t.client, { token })).body).toMatchObject({ active: true, username: t.user.username });
    // Narrowed at a refresh to user.read: that access token no longer tells it.
    const refreshed = await call(handleTokenRequest, tokenRequest({ grant_type: "refresh_token", refresh_token: t.refresh, scope: "user.read" }, { id: t.client.clientId, secret: t.client.secret! }), ctx);
    const narrowed = (refreshed.body as { access_token: string }).access_token;
    expect((await introspect(ctx, t.client, { token: narrowed })).body).not.toHaveProperty("username");
  });

  it("reads expired, revoked, unknown and other clients' tokens as inactive", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    const other = givenAClient(ctx);
    expect((await introspect(ctx, other, { token: t.access })).body).toEqual({ active: false });
    expect((await introspect(ctx, t.client, { token: "unknown" })).body).toEqual({ active: false });
    ctx.clock.advance(7200);
    expect((await introspect(ctx, t.client, { token: t.access })).body).toEqual({ active: false });
    await revoke(ctx, t.client, { token: t.refresh });
    expect((await introspect(ctx, t.client, { token: t.refresh })).body).toEqual({ active: false });
  });

  it("is closed to public clients", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx, "user.read", givenAClient(ctx, "public"));
    expect(await introspect(ctx, t.client, { token: t.access })).toMatchObject({ status: 401, body: { error: "invalid_client" } });
  });

  it("reads tokens as inactive once the user is deleted", async () => {
    const ctx = testContext();
    const t = await givenTokens(ctx);
    ctx.memory.deleteUser(t.user.id);
    expect((await introspect(ctx, t.client, { token: t.access })).body).toEqual({ active: false });
  });
});
