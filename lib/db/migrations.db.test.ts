import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { config } from "@/lib/config/env";
import { missingMigrations } from "@/lib/db/migrations";
import { createClient, db, type Db } from "@/lib/testing/prisma";
import { emptyDatabase, isPostgres, TEST_DB_DIR } from "@/lib/testing/test-databases";
import { missingMigrations as missingAtStart } from "@/scripts/runtime.mjs";

const ROOT = path.resolve(__dirname, "..", "..");
const baseUrl = inject("baseUrl") || undefined;
const MIGRATIONS = isPostgres(baseUrl) ? "prisma/migrations-postgres" : "prisma/migrations";
const SCHEMA = isPostgres(baseUrl) ? "prisma/schema.postgres.prisma" : "prisma/schema.prisma";

/** `prisma migrate deploy` as the start command runs it, from a project directory with its own migrations folder. */
function migrateDeploy(url: string, cwd = ROOT): void {
  execFileSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { cwd, env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" }, stdio: "pipe" });
}

/**
 * A database as a release that shipped up to `last` left it: the project's Prisma config and
 * schema beside a migrations folder cut after `last` (inside the project, so the config's
 * imports resolve), deployed the way the start command deploys.
 */
function migrateUpTo(url: string, last: string): void {
  const project = path.join(TEST_DB_DIR, `release-${randomBytes(4).toString("hex")}`);
  mkdirSync(path.join(project, MIGRATIONS), { recursive: true });
  cpSync(path.join(ROOT, "prisma.config.ts"), path.join(project, "prisma.config.ts"));
  cpSync(path.join(ROOT, SCHEMA), path.join(project, SCHEMA));
  cpSync(path.join(ROOT, MIGRATIONS, "migration_lock.toml"), path.join(project, MIGRATIONS, "migration_lock.toml"));
  const shipped = readdirSync(path.join(ROOT, MIGRATIONS)).filter((name) => /^\d{4}_/.test(name) && name <= last);
  expect(shipped.at(-1)).toBe(last);
  for (const name of shipped) cpSync(path.join(ROOT, MIGRATIONS, name), path.join(project, MIGRATIONS, name), { recursive: true });
  migrateDeploy(url, project);
}

const clients: Db[] = [];
afterAll(async () => {
  for (const client of clients) await client.$disconnect();
});

describe("upgrading a database that holds data", () => {
  it("to signed-out sessions (0006) keeps every row and adds the deny list", { timeout: 120_000 }, async () => {
    const url = await emptyDatabase(baseUrl);
    migrateUpTo(url, "0005_ended_refresh_tokens");
    const before = createClient(url);
    clients.push(before);
    const user = await before.user.create({ data: { email: "kept@example.com", name: "Kept", username: "kept", passwordHash: "x", sessionVersion: 2 } });
    // Raw statements: this client's model knows columns added since.
    const app = { id: "a-kept" };
    await before.$executeRawUnsafe(
      `INSERT INTO "Application" ("id", "clientId", "ownerId", "name", "clientType", "updatedAt") VALUES ('${app.id}', 'kept-client', '${user.id}', 'Kept App', 'confidential', CURRENT_TIMESTAMP)`,
    );
    await before.$executeRawUnsafe(`INSERT INTO "RedirectUri" ("id", "applicationId", "uri", "position") VALUES ('r-kept', '${app.id}', 'https://kept.example/cb', 0)`);
    const grant = await before.grant.create({ data: { userId: user.id, applicationId: app.id, scope: "user.read" }, select: { id: true } });
    await before.endedRefreshToken.create({ data: { digest: "d".repeat(64), applicationId: app.id, reason: "user_revoked", endedAt: new Date(), expiresAt: new Date(Date.now() + 3600_000) } });
    await expect(before.endedSession.count()).rejects.toThrow(); // no such table yet
    await before.$disconnect();

    migrateDeploy(url);

    const after = createClient(url);
    clients.push(after);
    expect(await after.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ email: "kept@example.com", sessionVersion: 2 });
    expect(await after.application.findUniqueOrThrow({ where: { id: app.id }, include: { redirectUris: true } })).toMatchObject({ name: "Kept App", redirectUris: [{ uri: "https://kept.example/cb" }] });
    expect(await after.grant.count({ where: { id: grant.id } })).toBe(1);
    expect(await after.endedRefreshToken.count()).toBe(1);
    expect(await after.endedSession.count()).toBe(0);
    await after.endedSession.create({ data: { sid: "s1", expiresAt: new Date() } });
    await expect(after.endedSession.create({ data: { sid: "s1", expiresAt: new Date() } })).rejects.toMatchObject({ code: "P2002" });
    const applied = await after.$queryRawUnsafe<{ migration_name: string }[]>(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`);
    expect(applied.map((m) => m.migration_name)).toEqual(readdirSync(path.join(ROOT, MIGRATIONS)).filter((name) => /^\d{4}_/.test(name)).sort());
  });
});

describe("upgrading a database that holds apps and grants to OpenID Connect", () => {
  it("keeps every row; existing apps sign with RS256 and have no post-logout URIs; codes and families carry no nonce or sign-in time", { timeout: 120_000 }, async () => {
    const url = await emptyDatabase(baseUrl);
    const previous = isPostgres(baseUrl) ? "0007_cached_rows_notify" : "0006_ended_sessions";
    migrateUpTo(url, previous);
    const before = createClient(url);
    clients.push(before);
    const ids = { user: "u-kept", app: "a-kept", grant: "g-kept", code: "c-kept", family: "f-kept" };
    const now = new Date();
    // Raw statements: the client's model already has the new columns the old tables lack.
    await before.$executeRawUnsafe(`INSERT INTO "User" ("id", "email", "name", "username", "passwordHash", "updatedAt") VALUES ('${ids.user}', 'kept@example.com', 'Kept', 'kept', 'x', CURRENT_TIMESTAMP)`);
    await before.$executeRawUnsafe(
      `INSERT INTO "Application" ("id", "clientId", "ownerId", "name", "clientType", "updatedAt") VALUES ('${ids.app}', 'kept-client', '${ids.user}', 'Kept App', 'confidential', CURRENT_TIMESTAMP)`,
    );
    await before.$executeRawUnsafe(`INSERT INTO "RedirectUri" ("id", "applicationId", "uri", "position") VALUES ('r-kept', '${ids.app}', 'https://kept.example/cb', 0)`);
    await before.$executeRawUnsafe(`INSERT INTO "Grant" ("id", "userId", "applicationId", "scope", "updatedAt") VALUES ('${ids.grant}', '${ids.user}', '${ids.app}', 'user.read', CURRENT_TIMESTAMP)`);
    await before.$executeRawUnsafe(
      `INSERT INTO "AuthorizationCode" ("id", "digest", "applicationId", "userId", "grantId", "redirectUri", "redirectUriSent", "scope", "expiresAt") VALUES ('${ids.code}', 'd-kept', '${ids.app}', '${ids.user}', '${ids.grant}', 'https://kept.example/cb', true, 'user.read', CURRENT_TIMESTAMP)`,
    );
    await before.$executeRawUnsafe(
      `INSERT INTO "TokenFamily" ("id", "applicationId", "userId", "grantId", "codeId", "scope", "absoluteExpiresAt") VALUES ('${ids.family}', '${ids.app}', '${ids.user}', '${ids.grant}', '${ids.code}', 'user.read', CURRENT_TIMESTAMP)`,
    );
    await before.$disconnect();

    migrateDeploy(url);

    const after = createClient(url);
    clients.push(after);
    expect(await after.application.findUniqueOrThrow({ where: { id: ids.app }, include: { redirectUris: true, postLogoutUris: true } })).toMatchObject({
      name: "Kept App",
      idTokenAlg: "RS256",
      redirectUris: [{ uri: "https://kept.example/cb" }],
      postLogoutUris: [],
    });
    expect(await after.authorizationCode.findUniqueOrThrow({ where: { id: ids.code } })).toMatchObject({ scope: "user.read", nonce: null, authTime: null });
    expect(await after.tokenFamily.findUniqueOrThrow({ where: { id: ids.family } })).toMatchObject({ grantId: ids.grant, authTime: null });
    expect(await after.grant.count({ where: { id: ids.grant } })).toBe(1);
    const key = { alg: "RS256", generation: 1, publicJwk: "{}", sealedPrivateJwk: "x", wrappingKeyId: "w", activatesAt: now };
    await after.signingKey.create({ data: { id: "k1", ...key } });
    // Two instances making an algorithm's first key: one row.
    await expect(after.signingKey.create({ data: { id: "k2", ...key } })).rejects.toMatchObject({ code: "P2002" });
  });
});

describe("upgrading a database that holds apps, tokens, approvals and keys to audiences and services", () => {
  it("keeps every row; existing apps keep the code and refresh grants; tokens, keys and families stay unbound; approvals stay as they were", { timeout: 120_000 }, async () => {
    const url = await emptyDatabase(baseUrl);
    migrateUpTo(url, isPostgres(baseUrl) ? "0008_openid_connect" : "0007_openid_connect");
    const before = createClient(url);
    clients.push(before);
    const ids = { user: "u-kept", app: "a-kept", grant: "g-kept", family: "f-kept", api: "api-kept" };
    const soon = new Date(Date.now() + 3600_000).toISOString();
    const run = (sql: string) => before.$executeRawUnsafe(sql);
    await run(`INSERT INTO "User" ("id", "email", "name", "username", "passwordHash", "updatedAt") VALUES ('${ids.user}', 'kept@example.com', 'Kept', 'kept', 'x', CURRENT_TIMESTAMP)`);
    await run(`INSERT INTO "Application" ("id", "clientId", "ownerId", "name", "clientType", "updatedAt") VALUES ('${ids.app}', 'kept-client', '${ids.user}', 'Kept App', 'confidential', CURRENT_TIMESTAMP)`);
    await run(`INSERT INTO "Grant" ("id", "userId", "applicationId", "scope", "updatedAt") VALUES ('${ids.grant}', '${ids.user}', '${ids.app}', 'user.read notes.read', CURRENT_TIMESTAMP)`);
    await run(`INSERT INTO "TokenFamily" ("id", "applicationId", "userId", "grantId", "scope", "absoluteExpiresAt") VALUES ('${ids.family}', '${ids.app}', '${ids.user}', '${ids.grant}', 'user.read notes.read', '${soon}')`);
    await run(`INSERT INTO "AccessToken" ("id", "digest", "familyId", "scope", "expiresAt") VALUES ('t-kept', 'd-kept', '${ids.family}', 'user.read notes.read', '${soon}')`);
    await run(`INSERT INTO "RegisteredApi" ("id", "apiId", "name", "identifier", "updatedAt") VALUES ('${ids.api}', 'api_kept', 'Notes', 'https://notes.example/', CURRENT_TIMESTAMP)`);
    await run(`INSERT INTO "ApiScope" ("id", "apiId", "name", "description", "restricted") VALUES ('s-kept', '${ids.api}', 'notes.read', 'Read notes', true)`);
    await run(`INSERT INTO "ScopeApproval" ("id", "applicationId", "scope", "status", "reason", "updatedAt") VALUES ('sa-kept', '${ids.app}', 'notes.read', 'approved', 'Because', CURRENT_TIMESTAMP)`);
    await run(`INSERT INTO "PersonalKey" ("id", "userId", "name", "digest", "prefix", "lastFour", "scope") VALUES ('pk-kept', '${ids.user}', 'CLI', 'pk-digest', 'gpk_', 'abcd', 'user.read')`);
    await before.$disconnect();

    migrateDeploy(url);

    const after = createClient(url);
    clients.push(after);
    expect(await after.application.findUniqueOrThrow({ where: { id: ids.app } })).toMatchObject({ name: "Kept App", grantTypes: "authorization_code refresh_token" });
    expect(await after.tokenFamily.findUniqueOrThrow({ where: { id: ids.family } })).toMatchObject({ scope: "user.read notes.read", resource: null });
    expect(await after.accessToken.findUniqueOrThrow({ where: { id: "t-kept" } })).toMatchObject({ digest: "d-kept", audience: null });
    expect(await after.apiScope.findUniqueOrThrow({ where: { id: "s-kept" } })).toMatchObject({ restricted: true, openToServices: false });
    expect(await after.scopeApproval.findUniqueOrThrow({ where: { id: "sa-kept" } })).toMatchObject({ status: "approved" });
    expect(await after.personalKey.findUniqueOrThrow({ where: { id: "pk-kept" } })).toMatchObject({ scope: "user.read", audience: null });
    // Service access to the same scope is a row of its own beside the user approval; asked twice, still one.
    const approval = { applicationId: ids.app, scope: "notes.read", status: "pending", reason: "Nightly job" };
    await after.serviceAccessApproval.create({ data: approval });
    await expect(after.serviceAccessApproval.create({ data: approval })).rejects.toMatchObject({ code: "P2002" });
    expect(await after.scopeApproval.count()).toBe(1);
    await after.serviceToken.create({ data: { digest: "st-digest", applicationId: ids.app, scope: "notes.read", audience: "https://notes.example/", expiresAt: new Date(soon) } });
    await after.application.delete({ where: { id: ids.app } });
    expect(await after.serviceToken.count()).toBe(0);
    expect(await after.serviceAccessApproval.count()).toBe(0);
  });
});

describe.runIf(isPostgres(baseUrl))("upgrading a PostgreSQL database that holds data", () => {
  it("to cached rows that tell of their changes (0007) keeps every row and bumps the version with each change", { timeout: 120_000 }, async () => {
    const url = await emptyDatabase(baseUrl);
    migrateUpTo(url, "0006_ended_sessions");
    const before = createClient(url);
    clients.push(before);
    const user = await before.user.create({ data: { email: "kept@example.com", name: "Kept", username: "kept", passwordHash: "x" } });
    const app = { id: "a-kept" };
    await before.$executeRawUnsafe(`INSERT INTO "Application" ("id", "clientId", "ownerId", "name", "clientType", "updatedAt") VALUES ('${app.id}', 'kept-client', '${user.id}', 'Kept App', 'public', CURRENT_TIMESTAMP)`);
    await before.catalogueVersion.create({ data: { id: 1, version: 7 } });
    await before.$disconnect();

    migrateDeploy(url);

    const after = createClient(url);
    clients.push(after);
    const version = async (id: number) => (await after.catalogueVersion.findUniqueOrThrow({ where: { id } })).version;
    expect(await version(1)).toBe(7);
    const start = await version(2);
    await after.application.update({ where: { id: app.id }, data: { name: "Renamed" } });
    expect(await version(2)).toBe(start + 1);
    // A change nothing keeps (a password) tells nobody.
    await after.user.update({ where: { id: user.id }, data: { passwordHash: "y" } });
    expect(await version(2)).toBe(start + 1);
    await after.user.update({ where: { id: user.id }, data: { name: "Renamed" } });
    expect(await version(2)).toBe(start + 2);
    expect(await after.application.findUniqueOrThrow({ where: { id: app.id } })).toMatchObject({ clientId: "kept-client", name: "Renamed" });
  });
});

describe("the migrations this build ships and the database lacks", () => {
  const shipped = readdirSync(path.join(ROOT, MIGRATIONS), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const last = shipped.at(-1)!;

  /** What the readiness check sees, and the same answer from the start script's reading of the database. */
  async function missing(): Promise<string[]> {
    const found = await missingMigrations();
    expect(await missingAtStart(config().databaseUrl)).toEqual(found);
    return found;
  }

  /** Runs `change` on this file's database, then `check`, then `undo`, whatever the check found. */
  async function whileChanged(change: string, undo: string, check: () => Promise<void>): Promise<void> {
    await db().$executeRawUnsafe(change);
    try {
      await check();
    } finally {
      await db().$executeRawUnsafe(undo);
    }
  }

  it("are none once every migration is applied", async () => {
    expect(shipped.length).toBeGreaterThan(5);
    expect(await missing()).toEqual([]);
  });

  it("are none when a later release applied a migration this build does not know", async () => {
    const now = new Date();
    await db().$executeRaw`INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (${"later-release"}, ${"0".repeat(64)}, ${now}, ${"9999_later_release"}, ${now}, 1)`;
    try {
      expect(await missing()).toEqual([]);
    } finally {
      await db().$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE id = 'later-release'`);
    }
  });

  it("name a migration whose record is gone", async () => {
    const [kept] = await db().$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM _prisma_migrations WHERE migration_name = '${last}'`);
    expect(kept).toBeDefined();
    await db().$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name = '${last}'`);
    try {
      expect(await missing()).toEqual([last]);
    } finally {
      await db().$executeRaw`INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (${kept!.id}, ${kept!.checksum}, ${new Date()}, ${last}, ${new Date()}, 1)`;
    }
    expect(await missing()).toEqual([]);
  });

  it("name a migration marked rolled back, and one that never finished", async () => {
    await whileChanged(`UPDATE _prisma_migrations SET rolled_back_at = finished_at WHERE migration_name = '${last}'`, `UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = '${last}'`, async () => {
      expect(await missing()).toEqual([last]);
    });
    await whileChanged(`UPDATE _prisma_migrations SET started_at = finished_at, finished_at = NULL WHERE migration_name = '${shipped[0]}'`, `UPDATE _prisma_migrations SET finished_at = started_at WHERE migration_name = '${shipped[0]}'`, async () => {
      expect(await missing()).toEqual([shipped[0]]);
    });
    expect(await missing()).toEqual([]);
  });

  it("are all of them in a database without Prisma's table, and none once it is back", async () => {
    await whileChanged(`ALTER TABLE _prisma_migrations RENAME TO _prisma_migrations_away`, `ALTER TABLE _prisma_migrations_away RENAME TO _prisma_migrations`, async () => {
      expect(await missing()).toEqual(shipped);
    });
    expect(await missing()).toEqual([]);
  });

  it("cannot be told from a table that cannot be read: the check fails instead", async () => {
    await whileChanged(`ALTER TABLE _prisma_migrations RENAME COLUMN finished_at TO finished_when`, `ALTER TABLE _prisma_migrations RENAME COLUMN finished_when TO finished_at`, async () => {
      await expect(missingMigrations()).rejects.toThrow(/finished_at/);
    });
    expect(await missing()).toEqual([]);
  });
});
