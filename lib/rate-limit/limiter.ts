import pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { BatchedSharedCounter, type Count } from "@/lib/rate-limit/batched-counter";
import type { Budget, PolicyName, RateLimitDecision } from "@/lib/rate-limit/policies";

/**
 * Counting for the rate-limit policies, with rate-limiter-flexible: in the process (the
 * embedded SQLite default: one instance), or in PostgreSQL's gatehouse_rate_limits table (the
 * Prisma schema declares it) so that every instance spends one shared budget. When PostgreSQL
 * cannot be reached, an in-process limiter with the same budget stands in (the library's
 * insurance), so an outage of the counter store never takes the endpoints down. Rows expired
 * for an hour are deleted by the library every five minutes, so the table stays small.
 *
 * On PostgreSQL the budgets spent on every protocol request are counted in batches (one
 * statement per instance every 100 ms instead of one per request; lib/rate-limit/batched-counter.ts):
 * measured, the per-request upsert cost those endpoints more than half their throughput.
 */
export interface RateLimiter {
  /** Counts one request (or failure) for the key and says whether it is within the budget. */
  consume(policy: PolicyName, key: string): Promise<RateLimitDecision>;
  /** Where the key stands, counting nothing. */
  peek(policy: PolicyName, key: string): Promise<RateLimitDecision>;
  /** Refuses the key for `seconds` (growing back-off). */
  block(policy: PolicyName, key: string, seconds: number): Promise<void>;
  /** Forgets the key's count (a success that ends a run of failures). */
  reset(policy: PolicyName, key: string): Promise<void>;
}

export type LimiterStore = { kind: "memory" } | { kind: "postgres"; url: string };

/** The budgets every protocol request spends: counted in batches on PostgreSQL. Failure and sign-in budgets stay exact. */
const BATCHED_POLICIES: ReadonlySet<PolicyName> = new Set(["protocol-ip", "protocol-client", "api-introspection"]);

const TABLE = "gatehouse_rate_limits";

function decisionOf(policy: PolicyName, budget: Budget, res: Count | null, allowed: boolean): RateLimitDecision {
  const used = res?.consumedPoints ?? 0;
  return {
    policy,
    allowed,
    limit: budget.points,
    remaining: Math.max(0, budget.points - used),
    resetSeconds: res ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : budget.seconds,
    windowSeconds: budget.seconds,
  };
}

export function createRateLimiter(store: LimiterStore, budgets: Record<PolicyName, Budget>): RateLimiter {
  const pool = store.kind === "postgres" ? new pg.Pool({ connectionString: store.url, max: 4 }) : null;
  const limiters = new Map<PolicyName, RateLimiterAbstract>();
  const counters = new Map<PolicyName, BatchedSharedCounter>();
  const batchedCounterOf = (policy: PolicyName): BatchedSharedCounter | null => {
    if (!pool || !BATCHED_POLICIES.has(policy)) return null;
    let counter = counters.get(policy);
    if (!counter) counters.set(policy, (counter = new BatchedSharedCounter(pool, TABLE, policy, budgets[policy])));
    return counter;
  };
  const limiterOf = (policy: PolicyName): RateLimiterAbstract => {
    let limiter = limiters.get(policy);
    if (!limiter) {
      const options = { keyPrefix: policy, points: budgets[policy].points, duration: budgets[policy].seconds };
      limiter = pool
        ? new RateLimiterPostgres({ ...options, storeClient: pool, tableName: TABLE, tableCreated: true, clearExpiredByTimeout: true, insuranceLimiter: new RateLimiterMemory(options) })
        : new RateLimiterMemory(options);
      limiters.set(policy, limiter);
    }
    return limiter;
  };

  return {
    async consume(policy, key) {
      const counter = batchedCounterOf(policy);
      if (counter) {
        const count = counter.consume(key);
        return decisionOf(policy, budgets[policy], count, count.consumedPoints <= budgets[policy].points);
      }
      try {
        return decisionOf(policy, budgets[policy], await limiterOf(policy).consume(key, 1), true);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return decisionOf(policy, budgets[policy], rejection, false);
        throw rejection;
      }
    },
    async peek(policy, key) {
      const counter = batchedCounterOf(policy);
      const res = counter ? counter.peek(key) : await limiterOf(policy).get(key);
      // Allowed while the count is below the budget: after `points` failures the next attempt waits.
      return decisionOf(policy, budgets[policy], res, !res || res.consumedPoints < budgets[policy].points);
    },
    async block(policy, key, seconds) {
      batchedCounterOf(policy)?.forget(key);
      await limiterOf(policy).block(key, seconds);
    },
    async reset(policy, key) {
      batchedCounterOf(policy)?.forget(key);
      await limiterOf(policy).delete(key);
    },
  };
}
