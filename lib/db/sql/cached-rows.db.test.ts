import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { isPostgresUrl } from "@/lib/config/env";
import { createSqlDriver } from "@/lib/db/sql/connection";
import { CACHED_ROWS_POLL_MS, type SqlDriver } from "@/lib/db/sql/driver";
import { sqlHotPathStorage } from "@/lib/db/sql/oauth-storage";
import { createTestApplication } from "@/lib/testing/fixtures";
import { testKeyring } from "@/lib/oauth/testing/fixtures";
import { db } from "@/lib/testing/prisma";

/**
 * PostgreSQL: two instances keep the same rows (here two storages, each on a connection pool
 * and listening connection of its own, as two processes have); a change made by either, or by
 * anyone else, is seen by the other within the poll's bound, and at once when the NOTIFY comes.
 */
const url = process.env.DATABASE_URL ?? "";
const drivers: SqlDriver[] = [];
afterAll(async () => {
  for (const driver of drivers) await driver.close();
});

function instance() {
  const driver = createSqlDriver(url);
  drivers.push(driver);
  return { driver, storage: sqlHotPathStorage(driver) };
}

/** Until the driver listens, nothing is kept: wait for that first. */
async function listening(driver: SqlDriver): Promise<void> {
  for (let i = 0; i < 100 && driver.changesElsewhere() === null; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(driver.changesElsewhere()).not.toBeNull();
}

/** Until the notifications of what the test set up have come in and a poll has run: the counter stays put. */
async function settled(driver: SqlDriver): Promise<void> {
  for (let last = driver.changesElsewhere(); ; ) {
    await new Promise((resolve) => setTimeout(resolve, CACHED_ROWS_POLL_MS * 1.2));
    const now = driver.changesElsewhere();
    if (now === last) return;
    last = now;
  }
}

/** How long until `seen()` holds, polled every 10 ms; fails past `withinMs`. */
async function msUntil(seen: () => Promise<boolean>, withinMs: number): Promise<number> {
  const start = Date.now();
  while (!(await seen())) {
    if (Date.now() - start > withinMs) throw new Error(`not seen within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - start;
}

async function outsider(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** Renames the app from another process: its own connection, the server's entity module. */
async function renameInAnotherProcess(ownerId: string, appId: string, name: string): Promise<void> {
  await promisify(execFile)(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "lib", "testing", "rename-app-elsewhere.ts"), ownerId, appId, name], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    timeout: 30_000,
  });
}

describe("rows kept in memory, changed by another process", () => {
  it("are seen changed by the next lookup here once the other process has committed (SQLite and PostgreSQL)", async () => {
    const a = instance();
    if (a.driver.dialect === "postgres") await listening(a.driver);
    const app = await createTestApplication();
    if (a.driver.dialect === "postgres") await settled(a.driver);
    expect(await a.storage.clients.findClientByApplicationId(app.id)).toMatchObject({ name: "Client App" });
    const { ownerId } = (await db().application.findUniqueOrThrow({ where: { id: app.id }, select: { ownerId: true } }));
    await renameInAnotherProcess(ownerId, app.id, "Renamed elsewhere");
    // SQLite: the file's data_version moved, so at once; PostgreSQL: the trigger's NOTIFY, well within the poll's bound.
    const ms = await msUntil(async () => (await a.storage.clients.findClientByApplicationId(app.id))?.name === "Renamed elsewhere", CACHED_ROWS_POLL_MS * 2);
    expect(ms).toBeLessThan(a.driver.dialect === "sqlite" ? 20 : CACHED_ROWS_POLL_MS);
  }, 40_000);
});

describe("signing keys kept in memory", () => {
  it("a rotation by one instance is published at the other's next lookup (SQLite at once, PostgreSQL by the NOTIFY)", async () => {
    const [a, b] = [instance(), instance()];
    if (a.driver.dialect === "postgres") await Promise.all([listening(a.driver), listening(b.driver)]);
    const [ringA, ringB] = [testKeyring(a.storage.signingKeys), testKeyring(b.storage.signingKeys)];
    const now = new Date();
    await ringA.ensureKeys(now);
    if (a.driver.dialect === "postgres") await settled(b.driver);
    const before = (await ringB.jwks({ now: () => now })).keys.map((k) => k.kid);
    const rotated = await ringA.rotate("ES256", now);
    expect(before).not.toContain(rotated.kid);
    const ms = await msUntil(async () => (await ringB.jwks({ now: () => now })).keys.some((k) => k.kid === rotated.kid), CACHED_ROWS_POLL_MS * 2);
    expect(ms).toBeLessThan(a.driver.dialect === "sqlite" ? 20 : CACHED_ROWS_POLL_MS);
  });
});

describe.runIf(isPostgresUrl(url))("rows kept in memory on PostgreSQL", () => {
  it("are kept between lookups, and another instance's change is seen at once through its NOTIFY", async () => {
    const a = instance();
    // A lookup before the driver listens reads; those after it listens are kept.
    expect(await a.storage.clients.findSecretDigests("no-such-app")).toEqual([]);
    await listening(a.driver);
    const app = await createTestApplication();
    await settled(a.driver);
    const before = await a.storage.clients.findSecretDigests(app.id);
    expect(before).toHaveLength(1);
    const other = await outsider();
    // Kept: a change that tells nobody (triggers off for this session, no version bump) is not seen.
    await other.query(`SET session_replication_role = replica`);
    await other.query(`UPDATE "ClientSecret" SET "digest" = 'changed-quietly' WHERE "applicationId" = $1`, [app.id]);
    expect(await a.storage.clients.findSecretDigests(app.id)).toEqual(before);
    // Told: the next change, made as any writer makes it, is seen well before the poll would.
    await other.query(`SET session_replication_role = origin`);
    await other.query(`DELETE FROM "ClientSecret" WHERE "applicationId" = $1`, [app.id]);
    await other.end();
    const ms = await msUntil(async () => (await a.storage.clients.findSecretDigests(app.id)).length === 0, CACHED_ROWS_POLL_MS * 3);
    expect(ms).toBeLessThan(CACHED_ROWS_POLL_MS / 2);
  });

  it("sees a change whose NOTIFY it missed within the poll's bound", async () => {
    const a = instance();
    await listening(a.driver);
    const app = await createTestApplication();
    expect(await a.storage.clients.findClientByApplicationId(app.id)).toMatchObject({ name: "Client App" });
    const other = await outsider();
    await other.query(`SET session_replication_role = replica`);
    await other.query(`UPDATE "Application" SET "name" = 'Renamed' WHERE "id" = $1`, [app.id]);
    // The version row moves, and no notification is sent: only the poll can tell.
    await other.query(`UPDATE "CatalogueVersion" SET "version" = "version" + 1 WHERE "id" = 2`);
    await other.end();
    await msUntil(async () => (await a.storage.clients.findClientByApplicationId(app.id))?.name === "Renamed", CACHED_ROWS_POLL_MS * 3);
  });

  it("keeps nothing while its listening connection is lost, and starts afresh when it is back", async () => {
    const a = instance();
    await listening(a.driver);
    const app = await createTestApplication();
    expect(await a.storage.clients.findSecretDigests(app.id)).toHaveLength(1);
    const other = await outsider();
    await other.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN gatehouse_cached_rows' AND pid <> pg_backend_pid()`);
    await other.query(`SET session_replication_role = replica`);
    await other.query(`DELETE FROM "ClientSecret" WHERE "applicationId" = $1`, [app.id]);
    await other.end();
    // Whether it is still away (nothing kept) or back (everything dropped), the change is seen.
    await msUntil(async () => (await a.storage.clients.findSecretDigests(app.id)).length === 0, 500);
    await listening(a.driver);
  });

  it("sees its own transaction's change at once, and another instance sees it through the trigger", async () => {
    const a = instance();
    const b = instance();
    await Promise.all([listening(a.driver), listening(b.driver)]);
    const app = await createTestApplication();
    expect(await a.storage.clients.findClientByApplicationId(app.id)).toMatchObject({ name: "Client App" });
    expect(await b.storage.clients.findClientByApplicationId(app.id)).toMatchObject({ name: "Client App" });
    await a.driver.transaction(function* (tx) {
      yield* tx.run(`UPDATE "Application" SET "name" = 'By A' WHERE "id" = ?`, [app.id]);
    });
    expect(await a.storage.clients.findClientByApplicationId(app.id)).toMatchObject({ name: "By A" });
    await msUntil(async () => (await b.storage.clients.findClientByApplicationId(app.id))?.name === "By A", CACHED_ROWS_POLL_MS / 2);
  });
});
