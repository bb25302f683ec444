import { describe, expect, it, vi } from "vitest";
import { sqlDatabase } from "@/lib/db/sql/database";
import { PostgresDriver } from "@/lib/db/sql/driver";
import { rateLimiter } from "@/lib/rate-limit/server";

describe("the server's rate limiter", () => {
  it("counts on PostgreSQL through the process's one query pool, and in the process on SQLite", async () => {
    const database = sqlDatabase();
    if (!(database instanceof PostgresDriver)) {
      // One connection on SQLite, which the counters never touch.
      const all = vi.spyOn(database, "all");
      const run = vi.spyOn(database, "run");
      expect((await rateLimiter().consume("sign-in-ip", "203.0.113.7")).remaining).toBeGreaterThan(0);
      expect(all).not.toHaveBeenCalled();
      expect(run).not.toHaveBeenCalled();
      return;
    }
    const query = vi.spyOn(database.pool, "query");
    const decision = await rateLimiter().consume("sign-in-ip", "203.0.113.7");
    expect(decision.remaining).toBe(decision.limit - 1);
    expect(query.mock.calls.some(([statement]) => JSON.stringify(statement).includes("gatehouse_rate_limits"))).toBe(true);
    expect(database.pool.options.max).toBe(10);
  });
});

describe("the server's rate limiter in a process with two copies of lib/", () => {
  it("counts on PostgreSQL when the process's driver was made by the other copy (another PostgresDriver class)", async () => {
    const database = sqlDatabase();
    if (database.dialect !== "postgres") return;
    const globals = globalThis as unknown as { gatehouseSql?: { url: string; driver: unknown }; gatehouseLimiter?: unknown };
    const original = globals.gatehouseSql!;
    // What the other bundle's driver looks like here: the same object shape, not this module's class.
    const foreign = Object.assign(Object.create(null) as object, { dialect: "postgres", pool: (database as PostgresDriver).pool });
    globals.gatehouseSql = { url: original.url, driver: foreign };
    globals.gatehouseLimiter = undefined;
    try {
      const query = vi.spyOn((database as PostgresDriver).pool, "query");
      await rateLimiter().consume("sign-in-ip", "203.0.113.8");
      expect(query.mock.calls.some(([statement]) => JSON.stringify(statement).includes("gatehouse_rate_limits"))).toBe(true);
    } finally {
      globals.gatehouseSql = original;
      globals.gatehouseLimiter = undefined;
    }
  });
});
