import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { config, isPostgresUrl } from "@/lib/config/env";
import { BatchedSharedCounter } from "@/lib/rate-limit/batched-counter";

const onPostgres = isPostgresUrl(config().databaseUrl);
const pools: pg.Pool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
});

const BUDGET = { points: 5, seconds: 60 };

describe.runIf(onPostgres)("a request budget counted in batches on PostgreSQL", () => {
  it("adds the counts of two instances to one shared row, and each then sees the other's", async () => {
    const pool = new pg.Pool({ connectionString: config().databaseUrl, max: 2 });
    pools.push(pool);
    const key = `client-${Math.random().toString(36).slice(2)}`;
    const a = new BatchedSharedCounter(pool, "gatehouse_rate_limits", "protocol-client", BUDGET);
    const b = new BatchedSharedCounter(pool, "gatehouse_rate_limits", "protocol-client", BUDGET);
    for (let i = 0; i < 3; i++) a.consume(key);
    for (let i = 0; i < 2; i++) b.consume(key);
    await a.flush();
    await b.flush();
    await a.flush(); // nothing pending: no statement, the total stays what a last read

    const { rows } = await pool.query<{ points: number; expire: string }>(`SELECT points, expire FROM gatehouse_rate_limits WHERE key = $1`, [`protocol-client:${key}`]);
    expect(rows).toEqual([{ points: 5, expire: expect.any(String) }]);
    // b read back the total after a's flush; a learns it at its next flush.
    expect(b.consume(key).consumedPoints).toBe(6);
    expect(a.consume(key).consumedPoints).toBe(4);
    await a.flush();
    expect(a.peek(key)?.consumedPoints).toBe(6); // b's sixth point is not flushed yet
    await b.flush();
    expect(b.peek(key)?.consumedPoints).toBe(7);
    expect(Number(rows[0]!.expire)).toBeGreaterThan(Date.now());
  });
});

describe.runIf(onPostgres)("the last counts of a stopping instance", () => {
  it("are all written by flushAll, those counted while a flush was under way too", async () => {
    const pool = new pg.Pool({ connectionString: config().databaseUrl, max: 2 });
    pools.push(pool);
    const key = `client-${Math.random().toString(36).slice(2)}`;
    const counter = new BatchedSharedCounter(pool, "gatehouse_rate_limits", "protocol-client", { points: 100, seconds: 60 });
    counter.consume(key);
    const underWay = counter.flush();
    counter.consume(key);
    counter.consume(key);
    await counter.flushAll();
    await underWay;
    const { rows } = await pool.query<{ points: number }>(`SELECT points FROM gatehouse_rate_limits WHERE key = $1`, [`protocol-client:${key}`]);
    expect(rows).toEqual([{ points: 3 }]);
  });
});

describe("a request budget counted in batches, PostgreSQL unreachable", () => {
  it("keeps counting in the process and keeps the counts for a later flush", async () => {
    const pool = new pg.Pool({ connectionString: "postgresql://nobody@127.0.0.1:1/none", connectionTimeoutMillis: 500 });
    pools.push(pool);
    const counter = new BatchedSharedCounter(pool, "gatehouse_rate_limits", "protocol-ip", BUDGET);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      for (let i = 0; i < 3; i++) counter.consume("203.0.113.5");
      await counter.flush();
      expect(counter.consume("203.0.113.5").consumedPoints).toBe(4);
      expect(errors).toHaveLength(1);
    } finally {
      console.error = original;
    }
  });
});
