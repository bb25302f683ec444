import { describe, expect, it } from "vitest";
import { checkAuthorizationRequest, decideAuthorization } from "@/lib/oauth/authorize";
import { answerConsent, loadConsentScreen } from "@/lib/oauth/consent";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect";
import { Params } from "@/lib/oauth/params";
import { normalizeResourceUri } from "@/lib/oauth/resource-indicators";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import { handleUserinfoRequest } from "@/lib/oauth/userinfo";
import {
  authorizeQuery,
  basicAuthorization,
  call,
  givenAClient,
  givenAnApi,
  givenAPersonalKey,
  givenAUser,
  ISSUER,
  protocolRequest,
  signedIn,
  testContext,
  tokenRequest,
  VERIFIER,
  type TestClient,
  type TestContext,
} from "@/lib/oauth/testing/fixtures";

/** Two APIs, as operators register them; the identifiers are sent without the trailing slash they are stored with. */
function givenTwoApis(ctx: TestContext) {
  const notes = givenAnApi(ctx, ["notes.read", "notes.write"], "https://notes.example");
  const calendar = givenAnApi(ctx, ["calendar.read"], "https://calendar.example");
  return { notes, calendar };
}

/** An authorization request with these resource values (repeated as sent). */
function withResources(client: TestClient, scope: string, resources: string[]): URLSearchParams {
  const query = authorizeQuery(client, { scope });
  for (const r of resources) query.append("resource", r);
  return query;
}

/** Authorize, approve, and the code's redirect parameters; or the error redirect's. */
async function authorize(ctx: TestContext, client: TestClient, query: URLSearchParams) {
  const user = givenAUser(ctx);
  const check = await checkAuthorizationRequest(Params.fromSearch(query), ctx);
  if (check.kind === "redirect") return { user, params: new URL(check.url).searchParams };
  if (check.kind !== "ok") throw new Error(`authorize failed: ${JSON.stringify(check)}`);
  const decision = await decideAuthorization(check.request, signedIn(user.id, ctx), ctx, query.toString());
  if (decision.kind !== "consent") throw new Error(`unexpected ${decision.kind}`);
  const answer = await answerConsent({ request: decision.handle, decision: "approve" }, user.id, ctx);
  if (answer.kind !== "redirect") throw new Error("consent failed");
  return { user, params: new URL(answer.url).searchParams };
}

/** A token request with resource values, repeated as sent. */
function tokenCall(ctx: TestContext, client: TestClient, body: Record<string, string>, resources: string[] = []) {
  const form = new URLSearchParams(body);
  for (const r of resources) form.append("resource", r);
  const request = protocolRequest(`${ISSUER}/oauth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: basicAuthorization(client.clientId, client.secret!) },
    body: form.toString(),
  });
  return call(handleTokenRequest, request, ctx);
}

const redeem = (ctx: TestContext, client: TestClient, code: string, resources: string[] = []) =>
  tokenCall(ctx, client, { grant_type: "authorization_code", code, redirect_uri: client.redirectUris[0]!, code_verifier: VERIFIER }, resources);

const introspectAs = (ctx: TestContext, api: { apiId: string; secret: string }, token: string) =>
  call(handleIntrospectionRequest, tokenRequest({ token }, { id: api.apiId, secret: api.secret }, "/oauth/introspect"), ctx);

const userinfo = (ctx: TestContext, token: string) => call(handleUserinfoRequest, protocolRequest(`${ISSUER}/oauth/userinfo`, { headers: { Authorization: `Bearer ${token}` } }), ctx);

describe("normalizeResourceUri (RFC 8707 §2)", () => {
  it("gives one form to URIs that name one resource, and refuses relative URIs and fragments", () => {
    expect(normalizeResourceUri("HTTPS://Notes.Example:443")).toBe("https://notes.example/");
    expect(normalizeResourceUri("http://localhost:4000")).toBe("http://localhost:4000/");
    expect(normalizeResourceUri("http://localhost:4000/")).toBe("http://localhost:4000/");
    expect(normalizeResourceUri("https://api.example/v1")).toBe("https://api.example/v1");
    expect(normalizeResourceUri("/notes")).toBeNull();
    expect(normalizeResourceUri("notes.example")).toBeNull();
    expect(normalizeResourceUri("https://notes.example/#top")).toBeNull();
    expect(normalizeResourceUri("https://notes.example/#")).toBeNull();
  });
});

describe("resource at the authorization endpoint (RFC 8707 §2.1)", () => {
  it("refuses, on the redirect with invalid_target, a value that is not a registered API's identifier, naming it made safe and cut short", async () => {
    const ctx = testContext();
    givenTwoApis(ctx);
    const client = givenAClient(ctx);
    const cases: [string, RegExp][] = [
      ["https://other.example", /^resource https:\/\/other\.example\/ is not an API registered/],
      ["notes", /must be an absolute URI/],
      ["https://notes.example/#x", /must not have a fragment/],
      [`https://notes.example/${"a".repeat(200)}`, /^resource https:\/\/notes\.example\/a+\.\.\. is not/],
      ["https://notes.example/<script>", /^resource https:\/\/notes\.example\/%3Cscript%3E is not/],
    ];
    for (const [value, description] of cases) {
      const { params } = await authorize(ctx, client, withResources(client, "notes.read", [value]));
      expect(params.get("error"), value).toBe("invalid_target");
      expect(params.get("error_description"), value).toMatch(description);
      expect(params.get("state")).toBe("xyz");
    }
  });

  it("takes resource repeated, one value per API, where every other parameter sent twice is invalid_request", async () => {
    const ctx = testContext();
    givenTwoApis(ctx);
    const client = givenAClient(ctx);
    const { params } = await authorize(ctx, client, withResources(client, "notes.read calendar.read", ["https://notes.example", "https://calendar.example/"]));
    expect(params.get("code")).toBeTruthy();
    const twice = authorizeQuery(client, { scope: "notes.read" });
    twice.append("scope", "notes.read");
    const refused = await authorize(ctx, client, twice);
    expect(refused.params.get("error")).toBe("invalid_request");
  });

  it("with resources named: refuses a scope of an API not named, and an API named without any of its scopes", async () => {
    const ctx = testContext();
    givenTwoApis(ctx);
    const client = givenAClient(ctx);
    const stray = await authorize(ctx, client, withResources(client, "notes.read calendar.read", ["https://notes.example"]));
    expect(stray.params.get("error")).toBe("invalid_scope");
    expect(stray.params.get("error_description")).toMatch(/^calendar\.read belongs to https:\/\/calendar\.example\/, which the request does not name as a resource/);
    const idle = await authorize(ctx, client, withResources(client, "notes.read", ["https://notes.example", "https://calendar.example"]));
    expect(idle.params.get("error")).toBe("invalid_scope");
    expect(idle.params.get("error_description")).toBe("resource https://calendar.example/ was named without any of its scopes; request at least one of: calendar.read");
  });

  it("names on the consent screen the APIs the token will be for, and keeps them in the request to start again", async () => {
    const ctx = testContext();
    givenTwoApis(ctx);
    const client = givenAClient(ctx);
    const user = givenAUser(ctx);
    const query = withResources(client, "notes.read calendar.read", ["https://notes.example", "https://calendar.example"]);
    const check = await checkAuthorizationRequest(Params.fromSearch(query), ctx);
    if (check.kind !== "ok") throw new Error("authorize failed");
    const decision = await decideAuthorization(check.request, signedIn(user.id, ctx), ctx, query.toString());
    if (decision.kind !== "consent") throw new Error("no consent screen");
    const screen = (await loadConsentScreen(decision.handle, user.id, ctx))!;
    expect(screen.resources).toEqual(["https://notes.example/", "https://calendar.example/"]);
    expect(new URL(screen.authorizePath, ISSUER).searchParams.getAll("resource")).toEqual(["https://notes.example/", "https://calendar.example/"]);
  });

  it("answers unauthorized_client to an app its developer did not allow the code flow (RFC 6749 §4.1.2.1)", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    ctx.memory.setGrantTypes(client.id, ["client_credentials"]);
    const { params } = await authorize(ctx, client, authorizeQuery(client));
    expect(params.get("error")).toBe("unauthorized_client");
    expect(params.get("error_description")).toMatch(/authorization_code grant type on its dashboard page/);
  });
});

describe("tokens bound to the APIs they are for (RFC 8707 §2.2)", () => {
  it("binds the token to the resources consented to, with only their scopes; user.read is not added to a request for APIs", async () => {
    const ctx = testContext();
    const { notes, calendar } = givenTwoApis(ctx);
    const client = givenAClient(ctx);
    const { params } = await authorize(ctx, client, withResources(client, "notes.read", ["https://notes.example"]));
    const answer = await redeem(ctx, client, params.get("code")!);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ scope: "notes.read" });
    const token = String(answer.body!.access_token);
    expect((await introspectAs(ctx, notes, token)).body).toMatchObject({ active: true, aud: "https://notes.example/", scope: "notes.read" });
    expect((await introspectAs(ctx, calendar, token)).body).toEqual({ active: false });
    // No user scope: the issuer is not in the audience, so userinfo refuses it.
    const refused = await userinfo(ctx, token);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: "invalid_token", error_description: expect.stringMatching(/for another API/) });
    expect(refused.headers["www-authenticate"]).toMatch(/error="invalid_token"/);
  });

  it("adds the issuer to the audience for user scopes, and a token request may name some of the resources; aud is then an array", async () => {
    const ctx = testContext();
    const { notes, calendar } = givenTwoApis(ctx);
    const client = givenAClient(ctx);
    const { params } = await authorize(ctx, client, withResources(client, "profile notes.read calendar.read", ["https://notes.example", "https://calendar.example"]));
    const answer = await redeem(ctx, client, params.get("code")!, ["https://CALENDAR.example:443"]);
    expect(answer.body).toMatchObject({ scope: "calendar.read profile" });
    const token = String(answer.body!.access_token);
    expect((await introspectAs(ctx, calendar, token)).body).toMatchObject({ active: true, aud: ["https://calendar.example/", ISSUER], scope: "calendar.read", username: expect.any(String) });
    expect((await introspectAs(ctx, notes, token)).body).toEqual({ active: false });
    expect((await userinfo(ctx, token)).status).toBe(200);

    // A refresh may ask for any resource of the grant; naming none means all of them.
    const refreshToken = String(answer.body!.refresh_token);
    const notesOnly = await tokenCall(ctx, client, { grant_type: "refresh_token", refresh_token: refreshToken }, ["https://notes.example/"]);
    expect(notesOnly.body).toMatchObject({ scope: "notes.read profile" });
    expect((await introspectAs(ctx, notes, String(notesOnly.body!.access_token))).body).toMatchObject({ active: true, aud: ["https://notes.example/", ISSUER] });
    const all = await tokenCall(ctx, client, { grant_type: "refresh_token", refresh_token: String(notesOnly.body!.refresh_token) });
    expect(all.body).toMatchObject({ scope: "calendar.read notes.read profile" });
    expect((await introspectAs(ctx, calendar, String(all.body!.access_token))).body).toMatchObject({ aud: ["https://notes.example/", "https://calendar.example/", ISSUER] });
  });

  it("refuses at the token endpoint, as 400 invalid_target, a resource the authorization was not for, and stores nothing", async () => {
    const ctx = testContext();
    givenTwoApis(ctx);
    const client = givenAClient(ctx);
    const { params } = await authorize(ctx, client, withResources(client, "notes.read", ["https://notes.example"]));
    const refused = await redeem(ctx, client, params.get("code")!, ["https://calendar.example"]);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error: "invalid_target", error_description: expect.stringMatching(/^resource https:\/\/calendar\.example\/ was not named at \/oauth\/authorize/) });
    // The code is still good: nothing was redeemed.
    expect((await redeem(ctx, client, params.get("code")!)).status).toBe(200);
  });

  it("leaves a token unbound when neither the authorization nor the token request names a resource, and binds it when only the token request does", async () => {
    const ctx = testContext();
    const { notes, calendar } = givenTwoApis(ctx);
    const client = givenAClient(ctx);
    const first = await authorize(ctx, client, authorizeQuery(client, { scope: "notes.read calendar.read" }));
    const unbound = await redeem(ctx, client, first.params.get("code")!);
    expect(unbound.body).toMatchObject({ scope: "calendar.read notes.read user.read" });
    const token = String(unbound.body!.access_token);
    expect((await introspectAs(ctx, notes, token)).body).toMatchObject({ active: true, aud: "https://notes.example/", scope: "notes.read" });
    expect((await introspectAs(ctx, calendar, token)).body).toMatchObject({ active: true, scope: "calendar.read" });
    expect((await userinfo(ctx, token)).status).toBe(200);

    const second = await authorize(ctx, client, authorizeQuery(client, { scope: "notes.read calendar.read" }));
    const bound = await redeem(ctx, client, second.params.get("code")!, ["https://notes.example"]);
    expect(bound.body).toMatchObject({ scope: "notes.read user.read" });
    expect((await introspectAs(ctx, calendar, String(bound.body!.access_token))).body).toEqual({ active: false });
    // Only an API whose scope the grant holds may be named.
    const third = await authorize(ctx, client, authorizeQuery(client, { scope: "notes.read" }));
    const refused = await redeem(ctx, client, third.params.get("code")!, ["https://calendar.example"]);
    expect(refused.body).toMatchObject({ error: "invalid_target", error_description: expect.stringMatching(/owns none of the scopes of this grant/) });
  });

  it("shows an API only tokens bound to it once the operator requires an audience, personal keys included", async () => {
    const ctx = testContext();
    const { notes } = givenTwoApis(ctx);
    const client = givenAClient(ctx);
    const user = givenAUser(ctx);
    const first = await authorize(ctx, client, authorizeQuery(client, { scope: "notes.read" }));
    const unbound = String((await redeem(ctx, client, first.params.get("code")!)).body!.access_token);
    const second = await authorize(ctx, client, withResources(client, "notes.read", ["https://notes.example"]));
    const bound = String((await redeem(ctx, client, second.params.get("code")!)).body!.access_token);
    const key = givenAPersonalKey(ctx, user.id, "notes.read user.read", null).key;
    const boundKey = givenAPersonalKey(ctx, user.id, "notes.read user.read", null, notes.identifier).key;
    const otherKey = givenAPersonalKey(ctx, user.id, "notes.read user.read", null, "https://calendar.example/").key;
    const active = async () => Promise.all([unbound, bound, key, boundKey, otherKey].map(async (t) => (await introspectAs(ctx, notes, t)).body!.active));
    expect(await active()).toEqual([true, true, true, true, false]);
    ctx.requireAudience = true;
    expect(await active()).toEqual([false, true, false, true, false]);
  });

  it("answers unauthorized_client for a grant type the app is not allowed (RFC 6749 §5.2)", async () => {
    const ctx = testContext();
    const client = givenAClient(ctx);
    const { params } = await authorize(ctx, client, authorizeQuery(client));
    ctx.memory.setGrantTypes(client.id, ["client_credentials"]);
    const refused = await redeem(ctx, client, params.get("code")!);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: "unauthorized_client" });
  });
});
