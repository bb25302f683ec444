import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/testing/prisma";
import { closeHotPathStorage } from "@/lib/db/sql/connection";
import { databaseStorage } from "@/lib/db/storage";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect";
import { digest, generateSecret } from "@/lib/oauth/secrets";
import { authorizeAndApprove, call, FakeClock, ISSUER, TEST_LIFETIMES, testContext, testKeyring, tokenRequest, VERIFIER, type TestClient } from "@/lib/oauth/testing/fixtures";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import type { OAuthContext } from "@/lib/oauth/context";
import { isAccessTokenLive } from "@/lib/oauth/token-lookup";
import { addApiScope, deleteApi, deleteApiScope, getApi, registerApi, removalImpact } from "@/lib/operator/apis";
import { freshScopeCatalogue, resetScopeCatalogue } from "@/lib/scope-catalogue";
import { createTestApplication, createTestOperator, createTestUser } from "@/lib/testing/fixtures";

/**
 * A scope that leaves the catalogue leaves every live token, family, code and key with it, so
 * that a scope registered later under the same name grants nothing through them. Through the
 * protocol endpoints as the server wires them (the SQL hot path) and the operator console.
 */

afterAll(closeHotPathStorage);
beforeEach(() => resetScopeCatalogue());

const tag = () => Math.random().toString(36).slice(2, 8);

/** The server's wiring with the catalogue as the database holds it now. */
async function serverContext(clock: FakeClock): Promise<OAuthContext> {
  const storage = databaseStorage();
  return { ...storage, keyring: testKeyring(storage.signingKeys), clock, issuer: ISSUER, scopes: await freshScopeCatalogue(), lifetimes: TEST_LIFETIMES, requireAudience: false, limits: testContext().limits, report: {} };
}

async function givenAnApi(operator: Awaited<ReturnType<typeof createTestOperator>>, scopes: { name: string; restricted?: boolean }[]) {
  const api = await registerApi(operator, { name: "Notes API", identifier: `https://notes-${tag()}.example` });
  if (!api.ok) throw new Error("no api");
  for (const scope of scopes) expect(await addApiScope(operator, api.id, { name: scope.name, description: "Read your notes", restricted: scope.restricted ? "on" : undefined })).toEqual({ ok: true });
  return api;
}

async function givenAnApp(): Promise<TestClient> {
  const created = await createTestApplication();
  return { id: created.id, clientId: created.clientId, secret: created.clientSecret, secretId: null, redirectUris: ["https://client.example/cb"] };
}

const tokenAt = (ctx: OAuthContext, client: TestClient, body: Record<string, string>) =>
  call(handleTokenRequest, tokenRequest(body, { id: client.clientId, secret: client.secret! }), ctx);
const introspectAt = (ctx: OAuthContext, caller: { id: string; secret: string }, token: string) =>
  call(handleIntrospectionRequest, tokenRequest({ token }, caller, "/oauth/introspect"), ctx);

/** Every stored row that names the scope and could still be used: none may, once it is removed. */
async function rowsNaming(name: string) {
  const where = { scope: { contains: name } };
  return {
    grants: await db().grant.count({ where }),
    pending: await db().pendingAuthorization.count({ where: { ...where, usedAt: null } }),
    codes: await db().authorizationCode.count({ where: { ...where, usedAt: null } }),
    families: await db().tokenFamily.count({ where: { ...where, revokedAt: null } }),
    accessTokens: await db().accessToken.count({ where: { ...where, revokedAt: null, family: { revokedAt: null } } }),
    keys: await db().personalKey.count({ where }),
  };
}
const NONE = { grants: 0, pending: 0, codes: 0, families: 0, accessTokens: 0, keys: 0 };

describe("deleting a scope", () => {
  it("takes it off live tokens that carry other scopes too, so the name registered again (restricted, by another API) grants nothing through them", async () => {
    const clock = new FakeClock(new Date(Date.now() - 1000));
    const operator = await createTestOperator();
    const name = `notes.read${tag()}`;
    const a = await givenAnApi(operator, [{ name }]);
    const client = await givenAnApp();
    const user = await createTestUser();
    let ctx = await serverContext(clock);
    const first = (await authorizeAndApprove(ctx, client, user.id, { scope: `email ${name}` })).get("code")!;
    const exchange = { grant_type: "authorization_code", redirect_uri: client.redirectUris[0]!, code_verifier: VERIFIER };
    const issued = await tokenAt(ctx, client, { ...exchange, code: first });
    expect(issued.body).toMatchObject({ scope: `email ${name} user.read` });
    const { access_token: access, refresh_token: refresh } = issued.body as { access_token: string; refresh_token: string };
    // A code not yet exchanged, and a personal key with the scope and another one.
    const unused = (await authorizeAndApprove(ctx, client, user.id, { scope: `email ${name}` })).get("code")!;
    const key = generateSecret("personalKey");
    await db().personalKey.create({ data: { userId: user.id, name: "script", digest: digest(key), prefix: "gpat_ab", lastFour: "wxyz", scope: `email ${name} user.read` } });

    const scopeId = (await getApi(a.id)).scopes[0]!.id;
    const expected = { usersAffected: 1, authorizationsEnded: 0, authorizationsNarrowed: 2 };
    expect(await removalImpact(a.id, scopeId)).toEqual(expected);
    expect(await deleteApiScope(operator, a.id, scopeId)).toEqual(expected);
    expect(await rowsNaming(name)).toEqual(NONE);

    // The same name again, restricted this time, at another API.
    const b = await givenAnApi(operator, [{ name, restricted: true }]);
    ctx = await serverContext(clock);
    const asB = { id: b.apiId, secret: b.apiSecret };
    expect((await introspectAt(ctx, asB, access)).body).toEqual({ active: false });
    expect((await introspectAt(ctx, asB, key)).body).toEqual({ active: false });
    expect((await introspectAt(ctx, { id: client.clientId, secret: client.secret! }, access)).body).toMatchObject({ active: true, scope: "email user.read" });

    const refreshed = await tokenAt(ctx, client, { grant_type: "refresh_token", refresh_token: refresh });
    expect(refreshed.body).toMatchObject({ scope: "email user.read" });
    expect((await introspectAt(ctx, asB, (refreshed.body as { access_token: string }).access_token)).body).toEqual({ active: false });
    const late = await tokenAt(ctx, client, { ...exchange, code: unused });
    expect(late.body).toMatchObject({ scope: "email user.read" });
    expect((await introspectAt(ctx, asB, (late.body as { access_token: string }).access_token)).body).toEqual({ active: false });
    expect(await rowsNaming(name)).toEqual(NONE);
  });

  it("ends the live tokens and keys left with nothing but user.read, and narrows the rest", async () => {
    const operator = await createTestOperator();
    const name = `notes.list${tag()}`;
    const api = await givenAnApi(operator, [{ name }]);
    const app = await createTestApplication();
    const user = await createTestUser();
    const live = { absoluteExpiresAt: new Date(Date.now() + 86400_000) };
    const grant = await db().grant.create({ data: { userId: user.id, applicationId: app.id, scope: `email ${name} user.read` } });
    const onlyIt = await db().tokenFamily.create({ data: { applicationId: app.id, userId: user.id, grantId: grant.id, scope: `${name} user.read`, ...live } });
    const wider = await db().tokenFamily.create({ data: { applicationId: app.id, userId: user.id, grantId: grant.id, scope: `email ${name} user.read`, ...live } });
    const token = async (familyId: string, scope: string) => {
      const value = generateSecret("accessToken");
      return { value, ...(await db().accessToken.create({ data: { digest: digest(value), familyId, scope, expiresAt: new Date(Date.now() + 3600_000) } })) };
    };
    const ofOnlyIt = await token(onlyIt.id, `${name} user.read`);
    const narrowedToIt = await token(wider.id, `${name} user.read`);
    const ofWider = await token(wider.id, `email ${name} user.read`);
    const key = (scope: string) => db().personalKey.create({ data: { userId: user.id, name: "k", digest: digest(generateSecret("personalKey")), prefix: "gpat_ab", lastFour: "wxyz", scope } });
    const keyOnlyIt = await key(`${name} user.read`);
    const keyWider = await key(`email ${name} user.read`);

    const scopeId = (await getApi(api.id)).scopes[0]!.id;
    expect(await deleteApiScope(operator, api.id, scopeId)).toEqual({ usersAffected: 1, authorizationsEnded: 2, authorizationsNarrowed: 2 });
    const family = (id: string) => db().tokenFamily.findUniqueOrThrow({ where: { id } });
    const access = (id: string) => db().accessToken.findUniqueOrThrow({ where: { id } });
    expect(await family(onlyIt.id)).toMatchObject({ revokedAt: expect.any(Date) });
    // Ended by its family's flag alone, as a revocation ends one: the token is dead through it.
    expect(await access(ofOnlyIt.id)).toMatchObject({ revokedAt: null });
    const found = await databaseStorage().tokens.findAccessToken(digest(ofOnlyIt.value));
    expect(found && isAccessTokenLive(found, new Date())).toBe(false);
    const kept = await databaseStorage().tokens.findAccessToken(digest(ofWider.value));
    expect(kept && isAccessTokenLive(kept, new Date())).toBe(true);
    expect(await family(wider.id)).toMatchObject({ scope: "email user.read", revokedAt: null });
    expect(await access(ofWider.id)).toMatchObject({ scope: "email user.read", revokedAt: null });
    // Issued with only the deleted scope (a refresh narrowed it): it ends though its family lives.
    expect(await access(narrowedToIt.id)).toMatchObject({ revokedAt: expect.any(Date) });
    expect(await db().personalKey.count({ where: { id: keyOnlyIt.id } })).toBe(0);
    expect(await db().personalKey.findUniqueOrThrow({ where: { id: keyWider.id } })).toMatchObject({ scope: "email user.read" });
    expect(await rowsNaming(name)).toEqual(NONE);
  });

  it("deleting the API takes every one of its scopes off everything, and forgets the approvals given for them", async () => {
    const operator = await createTestOperator();
    const [read, admin] = [`notes.read${tag()}`, `notes.admin${tag()}`];
    const api = await givenAnApi(operator, [{ name: read }, { name: admin, restricted: true }]);
    const app = await createTestApplication();
    await db().scopeApproval.create({ data: { applicationId: app.id, scope: admin, status: "approved", reason: "support" } });
    const user = await createTestUser();
    const grant = await db().grant.create({ data: { userId: user.id, applicationId: app.id, scope: `email ${admin} ${read} user.read`.split(" ").sort().join(" ") } });
    await db().tokenFamily.create({ data: { applicationId: app.id, userId: user.id, grantId: grant.id, scope: grant.scope, absoluteExpiresAt: new Date(Date.now() + 86400_000) } });
    const { identifier } = await getApi(api.id);

    expect(await deleteApi(operator, api.id, identifier)).toEqual({ ok: true, impact: { usersAffected: 1, authorizationsEnded: 0, authorizationsNarrowed: 1 }, entryId: expect.any(String) });
    expect(await rowsNaming(read)).toEqual(NONE);
    expect(await rowsNaming(admin)).toEqual(NONE);
    expect(await db().scopeApproval.count({ where: { scope: admin } })).toBe(0);
    // Registered again, restricted: the app is not approved for it.
    await givenAnApi(operator, [{ name: admin, restricted: true }]);
    expect((await databaseStorage().clients.findClientByApplicationId(app.id))!.approvedScopes).toEqual([]);
  });
});

describe("registering a scope", () => {
  it("clears its name from whatever still carries it: a scope of that name that left the catalogue grants nothing through the new one", async () => {
    // Rows left with a name no scope has (dropped from GATEHOUSE_SCOPES_FILE, or written by a
    // token request that raced the deletion).
    const name = `files.read${tag()}`;
    const app = await createTestApplication();
    const user = await createTestUser();
    const grant = await db().grant.create({ data: { userId: user.id, applicationId: app.id, scope: `email ${name} user.read`.split(" ").sort().join(" ") } });
    const family = await db().tokenFamily.create({ data: { applicationId: app.id, userId: user.id, grantId: grant.id, scope: grant.scope, absoluteExpiresAt: new Date(Date.now() + 86400_000) } });
    await db().accessToken.create({ data: { digest: digest(generateSecret("accessToken")), familyId: family.id, scope: grant.scope, expiresAt: new Date(Date.now() + 3600_000) } });
    await db().scopeApproval.create({ data: { applicationId: app.id, scope: name, status: "approved", reason: "old file scope" } });

    await givenAnApi(await createTestOperator(), [{ name, restricted: true }]);
    expect(await rowsNaming(name)).toEqual(NONE);
    expect(await db().tokenFamily.findUniqueOrThrow({ where: { id: family.id } })).toMatchObject({ scope: "email user.read", revokedAt: null });
    expect(await db().scopeApproval.count({ where: { scope: name } })).toBe(0);
  });
});
