import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { config, isPostgresUrl } from "@/lib/config/env";
import { oauthContext } from "@/lib/oauth-server";
import type { OAuthContext } from "@/lib/oauth/context";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect";
import { RequestLimits } from "@/lib/oauth/rate-limits";
import { handleRevocationRequest } from "@/lib/oauth/revoke";
import { call, tokenRequest } from "@/lib/oauth/testing/fixtures";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import { sqlDatabase } from "@/lib/db/sql/database";
import { PostgresDriver } from "@/lib/db/sql/driver";
import { createRateLimiter, type RateLimiter } from "@/lib/rate-limit/limiter";
import { DEFAULT_BUDGETS, POLICY_NAMES } from "@/lib/rate-limit/policies";
import { createTestApplication } from "@/lib/testing/fixtures";

/**
 * The rate limiter's memory under an unauthenticated flood, on the server's own storage and
 * counter store (in the process on SQLite, PostgreSQL's table on PostgreSQL): keys are fixed-size
 * digests, an unknown or malformed client ID gets no key of its own, the keys held in the process
 * stay within the bound, and nobody's lockout is wiped by the flood.
 */
const onPostgres = isPostgresUrl(config().databaseUrl);
const MAX_KEYS = 100;
const pool = onPostgres ? new pg.Pool({ connectionString: config().databaseUrl, max: 1 }) : null;
afterAll(async () => {
  await pool?.end();
});

const limiterUnderTest = () => {
  const database = sqlDatabase();
  return createRateLimiter(database instanceof PostgresDriver ? { kind: "postgres", pool: database.pool } : { kind: "memory" }, DEFAULT_BUDGETS, MAX_KEYS);
};

async function contextFrom(limiter: RateLimiter, ip: string): Promise<OAuthContext> {
  return { ...(await oauthContext()), limits: new RequestLimits(limiter, ip) };
}

/** The rows of the shared counter table: how many, per budget, and the longest key. */
async function sharedRows(): Promise<{ rows: number; longestKey: number; failureRows: number }> {
  if (!pool) return { rows: 0, longestKey: 0, failureRows: 0 };
  const { rows } = await pool.query<{ rows: string; longest: number | null; failures: string }>(
    `SELECT count(*) AS rows, max(length(key)) AS longest, count(*) FILTER (WHERE key LIKE 'client-auth-failures:%') AS failures FROM gatehouse_rate_limits`,
  );
  return { rows: Number(rows[0]!.rows), longestKey: rows[0]!.longest ?? 0, failureRows: Number(rows[0]!.failures) };
}

function expectWithinBound(limiter: RateLimiter) {
  for (const policy of POLICY_NAMES) {
    const { keys, keyBytes } = limiter.stats()[policy];
    expect(keys, policy).toBeLessThanOrEqual(MAX_KEYS + 1);
    expect(keyBytes, policy).toBeLessThanOrEqual(keys * 43);
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 250));

describe("the rate limiter under an unauthenticated flood", () => {
  it("stores no key for 60,000-character client IDs, whatever endpoint and method they come by", async () => {
    const limiter = limiterUnderTest();
    const before = await sharedRows();
    const handlers = [handleTokenRequest, handleRevocationRequest, handleIntrospectionRequest] as const;
    for (let i = 0; i < 600; i++) {
      const id = `${"x".repeat(60_000)}${i}`;
      const ctx = await contextFrom(limiter, `198.51.100.${i % 200}`);
      // What every endpoint reads, so each reaches client authentication: in the body or in HTTP Basic.
      const params = { grant_type: "authorization_code", code: "x", token: "gat_x" };
      const request = i % 2 === 0 ? tokenRequest({ ...params, client_id: id }) : tokenRequest(params, { id, secret: "s" });
      const answer = await call(handlers[i % 3]!, request, ctx);
      expect(answer).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    }
    await flush();
    expectWithinBound(limiter);
    expect(limiter.stats()["client-auth-failures"].keys).toBe(0);
    const after = await sharedRows();
    expect(after.failureRows).toBe(before.failureRows);
    expect(after.longestKey).toBeLessThanOrEqual("client-auth-failures:".length + 43);
  }, 60_000);

  it("keeps the in-process keys within the bound from many IPv6 networks, and the flood wipes no lockout", async () => {
    const limiter = limiterUnderTest();
    const app = await createTestApplication();
    const wrong = (ip: string) => contextFrom(limiter, ip).then((ctx) => call(handleRevocationRequest, tokenRequest({ token: "gat_x" }, { id: app.clientId, secret: "gsec_wrong" }, "/oauth/revoke"), ctx));
    // One address locks its own pair out.
    for (let i = 0; i < DEFAULT_BUDGETS["client-auth-failures"].points; i++) expect((await wrong("203.0.113.9")).status).toBe(401);
    expect((await wrong("203.0.113.9")).status).toBe(429);
    // Then a flood from 3 times as many networks as the table holds.
    for (let i = 0; i < MAX_KEYS * 3; i++) expect((await wrong(`2001:db8:${i.toString(16)}::/64`)).status).toBeGreaterThanOrEqual(400);
    await flush();
    expectWithinBound(limiter);
    expect((await wrong("203.0.113.9")).status).toBe(429);
    const rows = await sharedRows();
    expect(rows.longestKey).toBeLessThanOrEqual("client-auth-failures:".length + 43);
  }, 60_000);
});
