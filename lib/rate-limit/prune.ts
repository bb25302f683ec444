import { sqlDatabase } from "@/lib/db/sql/database";

/**
 * The rate limits' counters (gatehouse_rate_limits) are this module's table: rate-limiter-flexible
 * (lib/rate-limit/limiter.ts) and the batched counter (lib/rate-limit/batched-counter.ts) write
 * them, and this forgets the old ones. The library sweeps too, every five minutes, but only from a
 * process that has built an exact limiter; an instance serving protocol requests alone counts in
 * batches and never does, so the hourly pruning (lib/db/prune.ts) keeps the table bounded anyway.
 */

/** Forgets counters an hour past their expiry (the library's own cutoff); `expire` is milliseconds since the epoch. */
export function pruneRateLimitCounters(now: Date): Promise<number> {
  return sqlDatabase().autocommit(function* (tx) {
    return yield* tx.run(`DELETE FROM "gatehouse_rate_limits" WHERE "expire" < ?`, [now.getTime() - 3600_000]);
  });
}
