import { describe, expect, it } from "vitest";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect";
import { handleRevocationRequest } from "@/lib/oauth/revoke";
import { handleUserinfoRequest } from "@/lib/oauth/userinfo";
import { call, givenAClient, givenAnApi, givenAPersonalKey, givenAUser, ISSUER, protocolRequest, testContext, tokenRequest, type TestContext } from "@/lib/oauth/testing/fixtures";

const userinfo = (ctx: TestContext, key: string) => call(handleUserinfoRequest, protocolRequest(`${ISSUER}/oauth/userinfo`, { headers: { Authorization: `Bearer ${key}` } }), ctx);

describe("personal API keys at the resource endpoints", () => {
  it("are accepted by userinfo like an access token, with the claims their scope allows, and their use is recorded", async () => {
    const ctx = testContext();
    const user = givenAUser(ctx);
    const { key, id } = givenAPersonalKey(ctx, user.id, "email user.read");
    expect(key).toMatch(/^gpat_[A-Za-z0-9_-]{43}$/);
    expect(await userinfo(ctx, key)).toMatchObject({ status: 200, body: { sub: user.id, email: user.email } });
    expect((await userinfo(ctx, key)).body).not.toHaveProperty("name");
    expect(ctx.memory.personalKeyLastUsedAt(id)).toEqual(ctx.clock.now());
  });

  it("stop working when they expire or are revoked; a key without expiry keeps working", async () => {
    const ctx = testContext();
    const user = givenAUser(ctx);
    const week = givenAPersonalKey(ctx, user.id, "user.read", 7 * 86400);
    const forever = givenAPersonalKey(ctx, user.id, "user.read", null);
    const revoked = givenAPersonalKey(ctx, user.id, "user.read");
    ctx.memory.removePersonalKey(revoked.id);
    expect(await userinfo(ctx, revoked.key)).toMatchObject({ status: 401, body: { error: "invalid_token" } });
    ctx.clock.advance(7 * 86400);
    expect(await userinfo(ctx, week.key)).toMatchObject({ status: 401, body: { error: "invalid_token" } });
    ctx.clock.advance(365 * 86400);
    expect(await userinfo(ctx, forever.key)).toMatchObject({ status: 200 });
  });

  it("are described to a registered API whose scope they carry, as personal keys without client_id", async () => {
    const ctx = testContext();
    const api = givenAnApi(ctx, ["notes.read"], "https://notes.example");
    const user = givenAUser(ctx);
    const { key } = givenAPersonalKey(ctx, user.id, "notes.read user.read", null);
    const now = Math.floor(ctx.clock.now().getTime() / 1000);
    const answer = await call(handleIntrospectionRequest, tokenRequest({ token: key }, { id: api.apiId, secret: api.secret }, "/oauth/introspect"), ctx);
    expect(answer.body).toEqual({
      active: true,
      scope: "notes.read",
      aud: "https://notes.example/",
      sub: user.id,
      token_type: "Bearer",
      gatehouse_token_kind: "personal_key",
      iat: now,
      iss: ISSUER,
    });
    const other = givenAnApi(ctx, ["links.read"]);
    expect((await call(handleIntrospectionRequest, tokenRequest({ token: key }, { id: other.apiId, secret: other.secret }, "/oauth/introspect"), ctx)).body).toEqual({ active: false });
    const withProfile = givenAPersonalKey(ctx, user.id, "notes.read profile user.read", null);
    const described = await call(handleIntrospectionRequest, tokenRequest({ token: withProfile.key }, { id: api.apiId, secret: api.secret }, "/oauth/introspect"), ctx);
    expect(described.body).toMatchObject({ scope: "notes.read", username: user.username });
  });

  it("are nobody's app token: an app's introspection says inactive and its revocation leaves them alone", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const user = givenAUser(ctx);
    const { key } = givenAPersonalKey(ctx, user.id, "user.read");
    const basic = { id: client.clientId, secret: client.secret! };
    expect((await call(handleIntrospectionRequest, tokenRequest({ token: key }, basic, "/oauth/introspect"), ctx)).body).toEqual({ active: false });
    expect((await call(handleRevocationRequest, tokenRequest({ token: key }, basic, "/oauth/revoke"), ctx)).status).toBe(200);
    expect((await userinfo(ctx, key)).status).toBe(200);
  });
});
