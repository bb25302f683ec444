import { describe, expect, it } from "vitest";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect";
import { handleRevocationRequest } from "@/lib/oauth/revoke";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import { handleUserinfoRequest } from "@/lib/oauth/userinfo";
import { call, givenAClient, givenAnApi, ISSUER, protocolRequest, testContext, tokenRequest, type TestClient, type TestContext } from "@/lib/oauth/testing/fixtures";

/** A confidential app allowed client_credentials, with service access to these scopes. */
function givenAService(ctx: TestContext, serviceScopes: string[]): TestClient {
  const client = givenAClient(ctx);
  ctx.memory.setGrantTypes(client.id, ["authorization_code", "refresh_token", "client_credentials"]);
  for (const scope of serviceScopes) ctx.memory.setServiceAccess(client.id, scope, true);
  return client;
}

const serviceToken = (ctx: TestContext, client: TestClient, body: Record<string, string> = {}) =>
  call(handleTokenRequest, tokenRequest({ grant_type: "client_credentials", ...body }, { id: client.clientId, secret: client.secret! }), ctx);

const introspectAs = (ctx: TestContext, api: { apiId: string; secret: string }, token: string) =>
  call(handleIntrospectionRequest, tokenRequest({ token }, { id: api.apiId, secret: api.secret }, "/oauth/introspect"), ctx);

function givenApis(ctx: TestContext) {
  return { notes: givenAnApi(ctx, ["notes.read", "notes.write"], "https://notes.example"), calendar: givenAnApi(ctx, ["calendar.read"], "https://calendar.example") };
}

describe("client_credentials (RFC 6749 §4.4)", () => {
  it("issues a token for the app itself: no refresh token, every approved scope of the one API by default, bound to it", async () => {
    const ctx = testContext();
    const { notes, calendar } = givenApis(ctx);
    const client = givenAService(ctx, ["notes.read", "notes.write"]);
    const answer = await serviceToken(ctx, client);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ access_token: expect.stringMatching(/^gat_/), token_type: "Bearer", expires_in: 3600, scope: "notes.read notes.write" });
    const token = String(answer.body!.access_token);
    const now = Math.floor(ctx.clock.now().getTime() / 1000);
    expect((await introspectAs(ctx, notes, token)).body).toEqual({
      active: true,
      scope: "notes.read notes.write",
      aud: "https://notes.example/",
      client_id: client.clientId,
      sub: client.clientId,
      token_type: "Bearer",
      gatehouse_token_kind: "service",
      exp: now + 3600,
      iat: now,
      iss: ISSUER,
    });
    expect((await introspectAs(ctx, calendar, token)).body).toEqual({ active: false });
    // It has no user: userinfo says so.
    const info = await call(handleUserinfoRequest, protocolRequest(`${ISSUER}/oauth/userinfo`, { headers: { Authorization: `Bearer ${token}` } }), ctx);
    expect(info.status).toBe(401);
    expect(info.body).toMatchObject({ error: "invalid_token", error_description: expect.stringMatching(/has no user/) });
    ctx.clock.advance(3601);
    expect((await introspectAs(ctx, notes, token)).body).toEqual({ active: false });
  });

  it("refuses user scopes, scopes not approved for the app, and scopes of another API than the resource, naming them", async () => {
    const ctx = testContext();
    givenApis(ctx);
    const client = givenAService(ctx, ["notes.read", "calendar.read"]);
    expect((await serviceToken(ctx, client, { scope: "profile notes.read" })).body).toEqual({
      error: "invalid_scope",
      error_description: "profile is for a user's token: a service token has no user, so it carries only API scopes",
    });
    expect((await serviceToken(ctx, client, { scope: "notes.write" })).body).toMatchObject({ error: "invalid_scope", error_description: expect.stringMatching(/^notes\.write is not approved for this app's own tokens/) });
    expect((await serviceToken(ctx, client, { scope: "notes.read calendar.read", resource: "https://notes.example" })).body).toMatchObject({
      error: "invalid_scope",
      error_description: "calendar.read is not a scope of https://notes.example/, the API this token is for",
    });
    expect((await serviceToken(ctx, client, { scope: "nope" })).body).toMatchObject({ error: "invalid_scope" });
  });

  it("requires resource when the approved scopes span several APIs, and picks the API it names", async () => {
    const ctx = testContext();
    const { calendar } = givenApis(ctx);
    const client = givenAService(ctx, ["notes.read", "calendar.read"]);
    const refused = await serviceToken(ctx, client);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: "invalid_target", error_description: expect.stringMatching(/^resource is required: the scopes belong to several APIs/) });
    const answer = await serviceToken(ctx, client, { resource: "https://calendar.example/" });
    expect(answer.body).toMatchObject({ scope: "calendar.read" });
    expect((await introspectAs(ctx, calendar, String(answer.body!.access_token))).body).toMatchObject({ active: true, aud: "https://calendar.example/" });
    expect((await serviceToken(ctx, client, { resource: "https://elsewhere.example" })).body).toMatchObject({ error: "invalid_target" });
  });

  it("answers unauthorized_client to an app not allowed the grant, and invalid_scope to one with no service access", async () => {
    const ctx = testContext();
    givenApis(ctx);
    const plain = givenAClient(ctx);
    expect((await serviceToken(ctx, plain)).body).toMatchObject({ error: "unauthorized_client", error_description: expect.stringMatching(/client_credentials grant type/) });
    const none = givenAService(ctx, []);
    expect((await serviceToken(ctx, none)).body).toMatchObject({ error: "invalid_scope", error_description: expect.stringMatching(/requests service access on the app's dashboard page/) });
  });

  it("ends at once when the operator revokes the approval, and on revocation by the app (RFC 7009)", async () => {
    const ctx = testContext();
    const { notes } = givenApis(ctx);
    const client = givenAService(ctx, ["notes.read", "notes.write"]);
    const first = String((await serviceToken(ctx, client)).body!.access_token);
    ctx.memory.setServiceAccess(client.id, "notes.write", false);
    expect((await introspectAs(ctx, notes, first)).body).toMatchObject({ active: true, scope: "notes.read" });
    ctx.memory.setServiceAccess(client.id, "notes.read", false);
    expect((await introspectAs(ctx, notes, first)).body).toEqual({ active: false });

    ctx.memory.setServiceAccess(client.id, "notes.read", true);
    const second = String((await serviceToken(ctx, client)).body!.access_token);
    // The app introspects and revokes its own token like any other.
    expect((await call(handleIntrospectionRequest, tokenRequest({ token: second }, { id: client.clientId, secret: client.secret! }, "/oauth/introspect"), ctx)).body).toMatchObject({
      active: true,
      sub: client.clientId,
      gatehouse_token_kind: "service",
    });
    const revoked = await call(handleRevocationRequest, tokenRequest({ token: second }, { id: client.clientId, secret: client.secret! }, "/oauth/revoke"), ctx);
    expect(revoked.status).toBe(200);
    expect((await introspectAs(ctx, notes, second)).body).toEqual({ active: false });
  });

  it("is refused to a public app, whatever its stored grant types say", async () => {
    const ctx = testContext();
    givenApis(ctx);
    const client = givenAClient(ctx, "public");
    ctx.memory.setGrantTypes(client.id, ["client_credentials"]);
    ctx.memory.setServiceAccess(client.id, "notes.read", true);
    const answer = await call(handleTokenRequest, tokenRequest({ grant_type: "client_credentials", client_id: client.clientId }), ctx);
    expect(answer.body).toMatchObject({ error: "unauthorized_client", error_description: expect.stringMatching(/confidential apps only/) });
  });
});
