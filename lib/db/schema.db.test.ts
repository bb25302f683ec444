import { describe, expect, it } from "vitest";
import { config, isPostgresUrl } from "@/lib/config/env";
import { db } from "@/lib/testing/prisma";

const future = () => new Date(Date.now() + 3600_000);
let n = 0;
const unique = (prefix: string) => `${prefix}-${++n}-${Math.random().toString(36).slice(2)}`;

/** A user with one app, a secret, a redirect URI, a grant, a code, and a token family with tokens. */
async function givenAUserWithEverything() {
  const client = db();
  const user = await client.user.create({
    data: { email: `${unique("u")}@example.com`, name: "U", username: unique("u"), passwordHash: "x" },
  });
  const app = await client.application.create({
    data: {
      clientId: unique("client"),
      ownerId: user.id,
      name: "App",
      clientType: "confidential",
      secrets: { create: { digest: unique("sd"), prefix: "gsec_ab", lastFour: "wxyz" } },
      redirectUris: { create: { uri: "https://app.example/cb", position: 0 } },
    },
  });
  const grant = await client.grant.create({ data: { userId: user.id, applicationId: app.id, scope: "user.read" } });
  const code = await client.authorizationCode.create({
    data: {
      digest: unique("cd"),
      applicationId: app.id,
      userId: user.id,
      grantId: grant.id,
      redirectUri: "https://app.example/cb",
      redirectUriSent: true,
      scope: "user.read",
      expiresAt: future(),
    },
  });
  const family = await client.tokenFamily.create({
    data: { applicationId: app.id, userId: user.id, grantId: grant.id, codeId: code.id, scope: "user.read", absoluteExpiresAt: future() },
  });
  const refresh = await client.refreshToken.create({ data: { digest: unique("rt"), familyId: family.id, expiresAt: future() } });
  await client.accessToken.create({
    data: { digest: unique("at"), familyId: family.id, refreshTokenId: refresh.id, scope: "user.read", expiresAt: future() },
  });
  return { user, app, grant, code, family };
}

async function countsFor(applicationId: string) {
  const client = db();
  return {
    secrets: await client.clientSecret.count({ where: { applicationId } }),
    redirectUris: await client.redirectUri.count({ where: { applicationId } }),
    grants: await client.grant.count({ where: { applicationId } }),
    codes: await client.authorizationCode.count({ where: { applicationId } }),
    families: await client.tokenFamily.count({ where: { applicationId } }),
    accessTokens: await client.accessToken.count({ where: { family: { applicationId } } }),
    refreshTokens: await client.refreshToken.count({ where: { family: { applicationId } } }),
  };
}

const NOTHING = { secrets: 0, redirectUris: 0, grants: 0, codes: 0, families: 0, accessTokens: 0, refreshTokens: 0 };

describe("the data model", () => {
  it("deleting an application removes everything that could authenticate through it", async () => {
    const { app } = await givenAUserWithEverything();
    expect(await countsFor(app.id)).toEqual({ ...NOTHING, secrets: 1, redirectUris: 1, grants: 1, codes: 1, families: 1, accessTokens: 1, refreshTokens: 1 });
    await db().application.delete({ where: { id: app.id } });
    expect(await countsFor(app.id)).toEqual(NOTHING);
  });

  it("deleting a user removes their applications and their grants and tokens in others' apps", async () => {
    const { user, app } = await givenAUserWithEverything();
    await db().user.delete({ where: { id: user.id } });
    expect(await db().application.count({ where: { id: app.id } })).toBe(0);
    expect(await countsFor(app.id)).toEqual(NOTHING);
  });

  it("deleting a grant removes its codes, families and tokens but keeps the app and its secrets", async () => {
    const { app, grant } = await givenAUserWithEverything();
    await db().grant.delete({ where: { id: grant.id } });
    expect(await countsFor(app.id)).toEqual({ ...NOTHING, secrets: 1, redirectUris: 1 });
  });

  it("keeps one grant per user and app, and unique digests", async () => {
    const { user, app, code } = await givenAUserWithEverything();
    await expect(db().grant.create({ data: { userId: user.id, applicationId: app.id, scope: "x" } })).rejects.toMatchObject({ code: "P2002" });
    await expect(
      db().authorizationCode.create({
        data: { ...code, id: undefined, createdAt: undefined },
      }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("keeps emails and usernames unique", async () => {
    const { user } = await givenAUserWithEverything();
    await expect(
      db().user.create({ data: { email: user.email, name: "Other", username: unique("o"), passwordHash: "x" } }),
    ).rejects.toMatchObject({ code: "P2002" });
    await expect(
      db().user.create({ data: { email: `${unique("o")}@example.com`, name: "Other", username: user.username, passwordHash: "x" } }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("lets exactly one of many concurrent conditional updates consume a code", async () => {
    const { code } = await givenAUserWithEverything();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        db().authorizationCode.updateMany({ where: { id: code.id, usedAt: null }, data: { usedAt: new Date() } }),
      ),
    );
    expect(results.map((r) => r.count).sort()).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});

describe("Prisma's SQLite connection", () => {
  it.skipIf(isPostgresUrl(config().databaseUrl))("is opened with the hot path's server settings", async () => {
    const setting = async (name: string) => Object.values((await db().$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`))[0]!)[0];
    expect(await setting("journal_mode")).toBe("wal");
    expect(Number(await setting("synchronous"))).toBe(1);
    expect(Number(await setting("temp_store"))).toBe(2);
    expect(Number(await setting("wal_autocheckpoint"))).toBe(10000);
  });
});
