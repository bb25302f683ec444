import { config } from "@/lib/config/env";
import { sqlDatabase } from "@/lib/db/sql/database";
import type { PostgresDriver, SqlDriver } from "@/lib/db/sql/driver";
import { budgetAddress, CLIENT_IP_HEADER } from "@/lib/client-ip";
import { createRateLimiter, type RateLimiter } from "@/lib/rate-limit/limiter";

// One limiter per process, shared by Next's bundle and the HTTP front's (server/front.ts).
const globalForLimiter = globalThis as unknown as { gatehouseLimiter?: { database: SqlDriver; limiter: RateLimiter } };

/**
 * This server's limiter: budgets from the environment; counters in PostgreSQL when that is the
 * database (through the process's one query pool), else in the process.
 */
export function rateLimiter(): RateLimiter {
  const database = sqlDatabase();
  // Made anew only when the process's connection is (a test that closed it).
  if (globalForLimiter.gatehouseLimiter?.database !== database) {
    const { rateLimits, rateLimitMaxKeys } = config();
    // By dialect, not instanceof: the driver is the process's, made by whichever copy of lib/ came
    // first (Next's bundle or the HTTP front's), and each copy has its own PostgresDriver class.
    // Asked so, the first to build the limiter got the in-process one whenever the other had made
    // the driver, and every budget became per instance.
    const store = database.dialect === "postgres" ? { kind: "postgres" as const, pool: (database as PostgresDriver).pool } : { kind: "memory" as const };
    globalForLimiter.gatehouseLimiter = { database, limiter: createRateLimiter(store, rateLimits, rateLimitMaxKeys) };
  }
  return globalForLimiter.gatehouseLimiter.limiter;
}

/** Writes this process's batched counts to PostgreSQL (at shutdown); nothing when no limiter was made. */
export async function flushRateLimits(): Promise<void> {
  await globalForLimiter.gatehouseLimiter?.limiter.flush();
}

/**
 * The caller's address as the rate limits count it: the address the HTTP front saw (it sets the
 * header and drops any copy a client sent), IPv6 by its /64 (budgetAddress). Without the front
 * (`next dev`) every caller is "unknown": one shared budget.
 */
export function clientIpOf(headers: Pick<Headers, "get">): string {
  return budgetAddress(headers.get(CLIENT_IP_HEADER) ?? "unknown");
}
