import { config, isPostgresUrl } from "@/lib/config/env";
import { budgetAddress, CLIENT_IP_HEADER } from "@/lib/client-ip";
import { createRateLimiter, type RateLimiter } from "@/lib/rate-limit/limiter";

// One limiter per process, shared by Next's bundle and the HTTP front's (server/front.ts).
const globalForLimiter = globalThis as unknown as { gatehouseLimiter?: RateLimiter };

/** This server's limiter: budgets from the environment; counters in PostgreSQL when that is the database, else in the process. */
export function rateLimiter(): RateLimiter {
  if (!globalForLimiter.gatehouseLimiter) {
    const { databaseUrl, rateLimits, rateLimitMaxKeys } = config();
    globalForLimiter.gatehouseLimiter = createRateLimiter(isPostgresUrl(databaseUrl) ? { kind: "postgres", url: databaseUrl } : { kind: "memory" }, rateLimits, rateLimitMaxKeys);
  }
  return globalForLimiter.gatehouseLimiter;
}

/**
 * The caller's address as the rate limits count it: the address the HTTP front saw (it sets the
 * header and drops any copy a client sent), IPv6 by its /64 (budgetAddress). Without the front
 * (`next dev`) every caller is "unknown": one shared budget.
 */
export function clientIpOf(headers: Pick<Headers, "get">): string {
  return budgetAddress(headers.get(CLIENT_IP_HEADER) ?? "unknown");
}
