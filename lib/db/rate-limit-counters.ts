import { sqlDatabase } from "@/lib/db/sql/database";

/**
 * The rate limits' counters (gatehouse_rate_limits): rate-limiter-flexible writes them through
 * its own statements (lib/rate-limit/); this module only forgets the old ones.
 */

/** Forgets counters an hour past their expiry (pruning); `expire` is milliseconds since the epoch. */
export function pruneRateLimitCounters(now: Date): Promise<number> {
  return sqlDatabase().autocommit(function* (tx) {
    return yield* tx.run(`DELETE FROM "gatehouse_rate_limits" WHERE "expire" < ?`, [now.getTime() - 3600_000]);
  });
}
