import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteDriver } from "@/lib/db/sql/driver";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function givenADriver() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-sql-"));
  dirs.push(dir);
  const driver = new SqliteDriver(path.join(dir, "t.db"));
  await driver.run(`CREATE TABLE "T" ("id" TEXT PRIMARY KEY, "usedAt" TEXT)`, []);
  return driver;
}

describe("the SQLite driver's connection", () => {
  it("opens the database as a server database: WAL, synchronous=NORMAL, savepoints in memory, rare checkpoints", async () => {
    const driver = await givenADriver();
    const setting = async (name: string) => Object.values((await driver.all(`PRAGMA ${name}`, []))[0]!)[0];
    expect(await setting("journal_mode")).toBe("wal");
    expect(await setting("synchronous")).toBe(1); // NORMAL
    expect(await setting("temp_store")).toBe(2); // MEMORY
    expect(await setting("wal_autocheckpoint")).toBe(10000);
    expect(await setting("journal_size_limit")).toBe(64 * 1024 * 1024);
    await driver.close();
  });
});

describe("the SQLite driver's batched reads", () => {
  it("answers the reads of one turn together, a failing one alone refused, after the writes awaited before them", async () => {
    const driver = await givenADriver();
    await driver.run(`INSERT INTO "T" ("id") VALUES (?)`, ["a"]);
    const results = await Promise.allSettled([
      driver.all(`SELECT "id" FROM "T"`, []),
      driver.all(`SELECT "nope" FROM "T"`, []),
      driver.all(`SELECT count(*) AS "n" FROM "T"`, []),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(results[0]).toEqual({ status: "fulfilled", value: [{ id: "a" }] });
    expect(results[2]).toEqual({ status: "fulfilled", value: [{ n: 1 }] });
    await driver.close();
  });
});

describe("the SQLite driver's group commit", () => {
  it("commits the writes of one turn together, and a failing one alone is refused", async () => {
    const driver = await givenADriver();
    const results = await Promise.allSettled([
      driver.run(`INSERT INTO "T" ("id") VALUES (?)`, ["a"]),
      driver.run(`INSERT INTO "T" ("id") VALUES (?)`, ["a"]),
      driver.run(`INSERT INTO "T" ("id") VALUES (?)`, ["b"]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await driver.all(`SELECT "id" FROM "T" ORDER BY "id"`, [])).toEqual([{ id: "a" }, { id: "b" }]);
    await driver.close();
  });

  it("applies each write of a batch once, when a failing one makes the batch run again", async () => {
    const driver = await givenADriver();
    await driver.run(`CREATE TABLE "Counter" ("n" INTEGER NOT NULL)`, []);
    await driver.run(`INSERT INTO "Counter" ("n") VALUES (0)`, []);
    const results = await Promise.allSettled([
      driver.run(`UPDATE "Counter" SET "n" = "n" + 1`, []),
      driver.run(`INSERT INTO "Missing" ("id") VALUES (1)`, []),
      driver.run(`UPDATE "Counter" SET "n" = "n" + 10`, []),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await driver.all(`SELECT "n" FROM "Counter"`, [])).toEqual([{ n: 11 }]);
    await driver.close();
  });

  it("lets exactly one guarded batch of a turn win, and rolls back a batch that fails half-way", async () => {
    const driver = await givenADriver();
    await driver.run(`INSERT INTO "T" ("id") VALUES (?)`, ["code"]);
    const consume = { sql: `UPDATE "T" SET "usedAt" = ? WHERE "id" = ? AND "usedAt" IS NULL`, params: ["now", "code"] };
    const wins = await Promise.all(Array.from({ length: 5 }, (_, i) => driver.guardedBatch(consume, [{ sql: `INSERT INTO "T" ("id") VALUES (?)`, params: [`family-${i}`] }])));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await driver.all(`SELECT count(*) AS "n" FROM "T" WHERE "id" LIKE 'family-%'`, [])).toEqual([{ n: 1 }]);

    await driver.run(`INSERT INTO "T" ("id") VALUES (?)`, ["other"]);
    const halfway = driver.guardedBatch({ sql: `UPDATE "T" SET "usedAt" = ? WHERE "id" = ? AND "usedAt" IS NULL`, params: ["now", "other"] }, [
      { sql: `INSERT INTO "T" ("id") VALUES (?)`, params: ["code"] }, // already there: fails
    ]);
    await expect(halfway).rejects.toThrow(/UNIQUE/);
    expect(await driver.all(`SELECT "usedAt" FROM "T" WHERE "id" = ?`, ["other"])).toEqual([{ usedAt: null }]);
    await driver.close();
  });
});

describe("the SQLite driver's guarded batch", () => {
  it("reports a batch whose insert points at a deleted row as lost, and keeps nothing of it", async () => {
    const driver = await givenADriver();
    await driver.run(`CREATE TABLE "P" ("id" TEXT PRIMARY KEY)`, []);
    await driver.run(`CREATE TABLE "C" ("id" TEXT PRIMARY KEY, "parentId" TEXT NOT NULL REFERENCES "P" ("id"))`, []);
    await driver.run(`INSERT INTO "T" ("id") VALUES (?)`, ["code"]);
    const won = await driver.guardedBatch({ sql: `UPDATE "T" SET "usedAt" = 'now' WHERE "id" = ? AND "usedAt" IS NULL`, params: ["code"] }, [
      { sql: `INSERT INTO "C" ("id", "parentId") VALUES (?, ?)`, params: ["c1", "deleted-parent"] },
    ]);
    expect(won).toBe(false);
    expect(await driver.all(`SELECT "usedAt" FROM "T"`, [])).toEqual([{ usedAt: null }]);
    expect(await driver.all(`SELECT count(*) AS "n" FROM "C"`, [])).toEqual([{ n: 0 }]);
    await driver.close();
  });
});

describe("the SQLite driver's transactions", () => {
  it("runs a body's reads and writes as one transaction and returns its value", async () => {
    const driver = await givenADriver();
    await driver.run(`INSERT INTO "T" ("id") VALUES (?)`, ["a"]);
    const copied = await driver.transaction(function* (tx) {
      const rows = yield* tx.all<{ id: string }>(`SELECT "id" FROM "T"`, []);
      let n = 0;
      for (const row of rows) n += yield* tx.run(`INSERT INTO "T" ("id") VALUES (?)`, [`${row.id}-copy`]);
      return n;
    });
    expect(copied).toBe(1);
    expect(await driver.all(`SELECT "id" FROM "T" ORDER BY "id"`, [])).toEqual([{ id: "a" }, { id: "a-copy" }]);
    await driver.close();
  });

  it("keeps nothing of a body that fails half-way, and nothing of a statement that fails, while the others of its turn commit", async () => {
    const driver = await givenADriver();
    const results = await Promise.allSettled([
      driver.transaction(function* (tx) {
        yield* tx.run(`INSERT INTO "T" ("id") VALUES (?)`, ["kept"]);
      }),
      driver.transaction(function* (tx) {
        yield* tx.run(`INSERT INTO "T" ("id") VALUES (?)`, ["thrown"]);
        throw new Error("a rule refused it");
      }),
      driver.transaction(function* (tx) {
        yield* tx.run(`INSERT INTO "T" ("id") VALUES (?)`, ["failed"]);
        yield* tx.run(`INSERT INTO "Missing" ("id") VALUES (?)`, ["x"]);
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected"]);
    expect(await driver.all(`SELECT "id" FROM "T"`, [])).toEqual([{ id: "kept" }]);
    await driver.close();
  });

  it("lets no other statement in between two of a body's own", async () => {
    const driver = await givenADriver();
    await driver.run(`CREATE TABLE "Counter" ("n" INTEGER NOT NULL)`, []);
    await driver.run(`INSERT INTO "Counter" ("n") VALUES (0)`, []);
    // Read, then write what was read: lost updates would leave fewer than 20.
    const increment = () =>
      driver.transaction(function* (tx) {
        const [{ n }] = (yield* tx.all<{ n: number }>(`SELECT "n" FROM "Counter"`, [])) as [{ n: number }];
        yield* tx.run(`UPDATE "Counter" SET "n" = ?`, [n + 1]);
      });
    await Promise.all(Array.from({ length: 20 }, increment));
    expect(await driver.all(`SELECT "n" FROM "Counter"`, [])).toEqual([{ n: 20 }]);
    await driver.close();
  });

  it("changes its change counter when it commits a transaction, not when it commits a plain write", async () => {
    const driver = await givenADriver();
    const before = driver.changesElsewhere();
    await driver.run(`INSERT INTO "T" ("id") VALUES (?)`, ["a"]);
    expect(driver.changesElsewhere()).toBe(before);
    await driver.transaction(function* (tx) {
      yield* tx.run(`UPDATE "T" SET "usedAt" = 'now'`, []);
    });
    expect(driver.changesElsewhere()).not.toBe(before);
    await driver.close();
  });
});
