import { db } from "@/lib/db/client";

/**
 * The rate limits' counters (gatehouse_rate_limits): rate-limiter-flexible writes them through
 * its own client (lib/rate-limit/); this module only forgets the old ones.
 */

/** Forgets counters an hour past their expiry (pruning). */
export async function pruneRateLimitCounters(now: Date): Promise<number> {
  return (await db().rateLimitCounter.deleteMany({ where: { expire: { lt: BigInt(now.getTime() - 3600_000) } } })).count;
}
