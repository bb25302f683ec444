import { afterAll, describe, expect, it } from "vitest";
import { listAuthorizedApps } from "@/lib/account/authorized-apps";
import { createClientSecret, getApplication, revokeClientSecret, updateApplication } from "@/lib/apps/applications";
import { db } from "@/lib/testing/prisma";
import { closeHotPathStorage } from "@/lib/db/sql/connection";
import { databaseStorage } from "@/lib/db/storage";
import type { OAuthContext } from "@/lib/oauth/context";
import { DEFAULT_SCOPES } from "@/lib/oauth/scopes";
import { digest } from "@/lib/oauth/secrets";
import { authorizeAndApprove, FakeClock, ISSUER, jsonOf, TEST_LIFETIMES, testContext, testKeyring, tokenRequest, VERIFIER, type TestClient } from "@/lib/oauth/testing/fixtures";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import { createApiSecret, getApi, revokeApiSecret } from "@/lib/operator/apis";
import { createTestApi, createTestApplication, createTestOperator, createTestUser } from "@/lib/testing/fixtures";

afterAll(closeHotPathStorage);

/** The server's wiring (SQL hot path, Prisma for the rest) with a clock the test holds. */
function serverContext(clock = new FakeClock(new Date(Date.now() - 1000))): OAuthContext & { clock: FakeClock } {
  const storage = databaseStorage();
  return { ...storage, keyring: testKeyring(storage.signingKeys), clock, issuer: ISSUER, scopes: DEFAULT_SCOPES, lifetimes: TEST_LIFETIMES, requireAudience: false, limits: testContext().limits, report: {} };
}

async function givenAnApp() {
  const created = await createTestApplication();
  const app = await db().application.findUniqueOrThrow({ where: { id: created.id } });
  const client: TestClient = { id: created.id, clientId: created.clientId, secret: created.clientSecret, secretId: null, redirectUris: ["https://client.example/cb"] };
  return { client, ownerId: app.ownerId };
}

async function exchange(ctx: OAuthContext, client: TestClient, userId: string) {
  const code = (await authorizeAndApprove(ctx, client, userId, { scope: "email" })).get("code")!;
  const body = { grant_type: "authorization_code", code, redirect_uri: client.redirectUris[0]!, code_verifier: VERIFIER };
  return handleTokenRequest(tokenRequest(body, { id: client.clientId, secret: client.secret! }), ctx);
}

describe("the SQL hot path and Prisma share one database", () => {
  it("shows on the dashboard when a secret was last used through the token endpoint, and on /account when the app last used its grant", async () => {
    const ctx = serverContext();
    const { client, ownerId } = await givenAnApp();
    const user = await createTestUser();
    const response = await exchange(ctx, client, user.id);
    expect(response.status).toBe(200);
    const tokens = jsonOf(response) as { access_token: string };

    const app = await getApplication(ownerId, client.id);
    expect(app.secrets.map((s) => s.lastUsedAt)).toEqual([ctx.clock.now()]);
    const [authorized] = await listAuthorizedApps(user.id, DEFAULT_SCOPES);
    expect(authorized).toMatchObject({ appName: "Client App", lastUsed: ctx.clock.now(), scopes: [{ name: "user.read" }, { name: "email" }] });

    // What SQL wrote, Prisma reads back as the same values, ids of Prisma's shape included.
    const stored = await db().accessToken.findUniqueOrThrow({ where: { digest: digest(tokens.access_token) }, include: { family: true } });
    expect(stored).toMatchObject({ scope: "email user.read", createdAt: ctx.clock.now(), revokedAt: null, family: { applicationId: client.id, userId: user.id } });
    expect(stored.id).toMatch(/^[a-z0-9]{20,32}$/);
  });

  it("writes a secret's last-used time at most once a minute", async () => {
    const ctx = serverContext();
    const { client, ownerId } = await givenAnApp();
    const user = await createTestUser();
    const first = ctx.clock.now();
    await exchange(ctx, client, user.id);
    ctx.clock.advance(30);
    await exchange(ctx, client, user.id);
    expect((await getApplication(ownerId, client.id)).secrets[0]!.lastUsedAt).toEqual(first);
    ctx.clock.advance(31);
    await exchange(ctx, client, user.id);
    expect((await getApplication(ownerId, client.id)).secrets[0]!.lastUsedAt).toEqual(ctx.clock.now());
  });

  it("writes a grant's last-used time at most once a minute, whatever the number of token requests", async () => {
    const ctx = serverContext();
    const { client } = await givenAnApp();
    const user = await createTestUser();
    const lastUsed = async () => (await listAuthorizedApps(user.id, DEFAULT_SCOPES))[0]!.lastUsed;
    const first = ctx.clock.now();
    await exchange(ctx, client, user.id);
    expect(await lastUsed()).toEqual(first);
    ctx.clock.advance(30);
    await exchange(ctx, client, user.id);
    expect(await lastUsed()).toEqual(first);
    ctx.clock.advance(31);
    await exchange(ctx, client, user.id);
    expect(await lastUsed()).toEqual(ctx.clock.now());
  });

  it("authenticates with what the dashboard changed from the very next request: a revoked secret refused, a new one and a new name at once", async () => {
    const ctx = serverContext();
    const { client, ownerId } = await givenAnApp();
    const user = await createTestUser();
    expect((await exchange(ctx, client, user.id)).status).toBe(200);
    expect((await ctx.clients.findClientByApplicationId(client.id))?.name).toBe("Client App");

    const added = await createClientSecret(ownerId, client.id);
    if (!added.ok) throw new Error(added.error);
    const [old] = (await getApplication(ownerId, client.id)).secrets;
    await revokeClientSecret(ownerId, client.id, old!.id);
    await expect(exchange(ctx, client, user.id)).rejects.toMatchObject({ error: "invalid_client" });
    expect((await exchange(ctx, { ...client, secret: added.clientSecret }, user.id)).status).toBe(200);

    const form = { name: "Renamed App", description: "", homepageUrl: "", privacyPolicyUrl: "", termsUrl: "", redirectUris: client.redirectUris };
    expect(await updateApplication(ownerId, client.id, form)).toEqual({ ok: true });
    expect((await ctx.clients.findClientByApplicationId(client.id))?.name).toBe("Renamed App");
    expect((await ctx.clients.findClient(client.clientId))?.name).toBe("Renamed App");
  });

  it("knows a registered API's secrets as the operator area last changed them, from the very next request", async () => {
    const ctx = serverContext();
    const operator = await createTestOperator();
    const api = await createTestApi();
    const digests = async () => (await ctx.apis.findApiSecretDigests(api.id)).map((s) => s.digest).sort();
    expect(await digests()).toEqual([digest(api.secret)]);
    const added = await createApiSecret(operator, api.id);
    if (!added.ok) throw new Error(added.error);
    expect(await digests()).toEqual([digest(api.secret), digest(added.apiSecret)].sort());
    const first = (await getApi(api.id)).secrets.find((s) => s.lastFour === api.secret.slice(-4))!;
    await revokeApiSecret(operator, api.id, first.id);
    expect(await digests()).toEqual([digest(added.apiSecret)]);
  });

  it("answers a user's claims as another connection last changed them", async () => {
    const ctx = serverContext();
    const user = await createTestUser("Ada");
    expect(await ctx.users.findUserClaims(user.id)).toMatchObject({ name: "Ada" });
    await db().user.update({ where: { id: user.id }, data: { name: "Ada Lovelace" } });
    expect(await ctx.users.findUserClaims(user.id)).toMatchObject({ name: "Ada Lovelace" });
    await db().user.delete({ where: { id: user.id } });
    expect(await ctx.users.findUserClaims(user.id)).toBeNull();
  });

  it("never freezes when dashboard transactions and token requests arrive together", async () => {
    const ctx = serverContext();
    const { client, ownerId } = await givenAnApp();
    const user = await createTestUser();
    const dashboard = async () => {
      for (let i = 0; i < 10; i++) {
        const created = await createClientSecret(ownerId, client.id);
        const secrets = (await getApplication(ownerId, client.id)).secrets;
        if (created.ok) await revokeClientSecret(ownerId, client.id, secrets[secrets.length - 1]!.id);
      }
    };
    const protocol = () => Promise.all(Array.from({ length: 20 }, () => exchange(ctx, client, user.id)));
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("the two paths froze each other")), 15_000));
    const [, responses] = (await Promise.race([Promise.all([dashboard(), protocol()]), timeout])) as [void, Response[]];
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect((await getApplication(ownerId, client.id)).secrets).toHaveLength(1);
  });
});
