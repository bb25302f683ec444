import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostgresUrl } from "@/lib/config/env";
import { createSqlDriver } from "@/lib/db/sql/connection";
import { TX_ATTEMPTS, type SqlDriver } from "@/lib/db/sql/driver";

/** Transactions on the configured database (SQLite by default, PostgreSQL in CI's second run). */

let driver: SqlDriver;
beforeAll(async () => {
  driver = createSqlDriver(process.env.DATABASE_URL!);
  await driver.run(`CREATE TABLE "TxCounter" ("id" INTEGER PRIMARY KEY, "n" INTEGER NOT NULL)`, []);
  await driver.run(`INSERT INTO "TxCounter" ("id", "n") VALUES (1, 0)`, []);
});
afterAll(() => driver.close());

const counter = async () => Number((await driver.all<{ n: number }>(`SELECT "n" FROM "TxCounter" WHERE "id" = 1`, []))[0]!.n);

describe("a transaction", () => {
  it("tells this process's caches of what it wrote, and not of what it only read", async () => {
    // PostgreSQL keeps nothing (null) until its listening connection is up.
    for (let i = 0; i < 100 && driver.changesElsewhere() === null; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = driver.changesElsewhere();
    expect(before).not.toBeNull();
    await driver.transaction(
      function* (tx) {
        return yield* tx.all(`SELECT "n" FROM "TxCounter" WHERE "id" = 1`, []);
      },
      { readOnly: true },
    );
    expect(driver.changesElsewhere()).toBe(before);
    await driver.transaction(function* (tx) {
      yield* tx.run(`UPDATE "TxCounter" SET "n" = "n" WHERE "id" = 1`, []);
    });
    expect(driver.changesElsewhere()).not.toBe(before);
  });

  it("commits a body's writes together and keeps none of a body that fails", async () => {
    const start = await counter();
    await expect(
      driver.transaction(function* (tx) {
        yield* tx.run(`UPDATE "TxCounter" SET "n" = "n" + 1 WHERE "id" = 1`, []);
        yield* tx.run(`INSERT INTO "TxMissing" ("id") VALUES (1)`, []);
      }),
    ).rejects.toThrow();
    expect(await counter()).toBe(start);
    const value = await driver.transaction(function* (tx) {
      yield* tx.run(`UPDATE "TxCounter" SET "n" = "n" + 1 WHERE "id" = 1`, []);
      return (yield* tx.all<{ n: number }>(`SELECT "n" FROM "TxCounter" WHERE "id" = 1`, []))[0]!.n;
    });
    expect(Number(value)).toBe(start + 1);
    expect(await counter()).toBe(start + 1);
  });

  it("does not lose an update to a concurrent one: read and write what was read, twenty at once", async () => {
    const start = await counter();
    const increment = () =>
      driver.transaction(
        function* (tx) {
          const n = Number((yield* tx.all<{ n: number }>(`SELECT "n" FROM "TxCounter" WHERE "id" = 1`, []))[0]!.n);
          yield* tx.run(`UPDATE "TxCounter" SET "n" = ? WHERE "id" = 1`, [n + 1]);
        },
        // Writes what it read: a concurrent update in between is a serialization failure, run again.
        { isolation: "repeatable read" },
      );
    const results = await Promise.allSettled(Array.from({ length: 20 }, increment));
    const done = results.filter((r) => r.status === "fulfilled").length;
    // Each one either committed its increment or, after TX_ATTEMPTS tries, failed having changed nothing.
    expect(await counter()).toBe(start + done);
    expect(done).toBeGreaterThan(0);
    for (const r of results) if (r.status === "rejected") expect((r.reason as { code?: string }).code).toMatch(/^40001$|^40P01$/);
  });
});

describe.runIf(isPostgresUrl(process.env.DATABASE_URL ?? ""))("a PostgreSQL transaction", () => {
  it("is run again after a serialization failure caused by a concurrent commit, and then commits once", async () => {
    const start = await counter();
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    let attempts = 0;
    const racing = driver.transaction(
      function* (tx) {
        attempts++;
        const n = Number((yield* tx.all<{ n: number }>(`SELECT "n" FROM "TxCounter" WHERE "id" = 1`, []))[0]!.n);
        // Long enough for the other connection's commit to land between the read and the write.
        if (attempts === 1) yield* tx.all(`SELECT pg_sleep(0.3)`, []);
        yield* tx.run(`UPDATE "TxCounter" SET "n" = ? WHERE "id" = 1`, [n + 1]);
        return attempts;
      },
      { isolation: "repeatable read" },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await other.query(`UPDATE "TxCounter" SET "n" = "n" + 100 WHERE "id" = 1`);
    await other.end();
    expect(await racing).toBe(2);
    expect(await counter()).toBe(start + 101);
  });

  it("gives up after TX_ATTEMPTS serialization failures, with the failure", async () => {
    let attempts = 0;
    const always = driver.transaction(function* (tx) {
      attempts++;
      yield* tx.run(`DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END $$`, []);
    });
    await expect(always).rejects.toMatchObject({ code: "40001" });
    expect(attempts).toBe(TX_ATTEMPTS);
  });

  it("is not run again after an error that is not a conflict", async () => {
    let attempts = 0;
    const failing = driver.transaction(function* (tx) {
      attempts++;
      yield* tx.run(`INSERT INTO "TxCounter" ("id", "n") VALUES (1, 0)`, []);
    });
    await expect(failing).rejects.toMatchObject({ code: "23505" });
    expect(attempts).toBe(1);
  });
});
