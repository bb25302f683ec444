import { createHash } from "node:crypto";
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { BatchedSharedCounter } from "@/lib/rate-limit/batched-counter";
import { BoundedCounts, DEFAULT_MAX_KEYS, type Count } from "@/lib/rate-limit/bounded-counts";
import { POLICY_NAMES, type Budget, type PolicyName, type RateLimitDecision } from "@/lib/rate-limit/policies";

/**
 * Counting for the rate-limit policies, with rate-limiter-flexible: in the process (the
 * embedded SQLite default: one instance), or in PostgreSQL's gatehouse_rate_limits table (the
 * Prisma schema declares it) so that every instance spends one shared budget. When PostgreSQL
 * cannot be reached, in-process counts with the same budget stand in, so an outage of the
 * counter store never takes the endpoints down. Rows expired for an hour are deleted by the
 * library every five minutes, so the table stays small.
 *
 * Every key is the SHA-256 of what it counts (an address, an app, a (client, address) pair):
 * 43 characters whatever a sender puts in it, in memory and in PostgreSQL's primary key alike.
 * What the process holds is bounded: at most `maxKeys` keys a budget (lib/rate-limit/bounded-counts.ts
 * says what happens when a table is full), about 160 bytes each.
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
  /** Writes the counts batched in memory to PostgreSQL now (at shutdown); nothing to do in memory. */
  flush(): Promise<void>;
  /** What the process holds: keys and the bytes of their names, per budget. */
  stats(): Record<PolicyName, { keys: number; keyBytes: number }>;
}

/** Where shared counts live: PostgreSQL through the process's query pool (lib/db/sql/driver.ts PostgresDriver.pool), which the limiter never ends. */
export type LimiterStore = { kind: "memory" } | { kind: "postgres"; pool: pg.Pool };

/** The key a limiter stores for what it counts: fixed-size, whatever the sender sent. */
export function limiterKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("base64url");
}

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

export function createRateLimiter(store: LimiterStore, budgets: Record<PolicyName, Budget>, maxKeys = DEFAULT_MAX_KEYS): RateLimiter {
  const pool = store.kind === "postgres" ? store.pool : null;
  const inProcess = new Map<PolicyName, BoundedCounts>();
  const shared = new Map<PolicyName, RateLimiterPostgres>();
  const counters = new Map<PolicyName, BatchedSharedCounter>();
  let warned = false;

  const inProcessOf = (policy: PolicyName): BoundedCounts => {
    let counts = inProcess.get(policy);
    if (!counts) inProcess.set(policy, (counts = new BoundedCounts(budgets[policy], maxKeys)));
    return counts;
  };
  const batchedCounterOf = (policy: PolicyName): BatchedSharedCounter | null => {
    if (!pool || !BATCHED_POLICIES.has(policy)) return null;
    let counter = counters.get(policy);
    if (!counter) counters.set(policy, (counter = new BatchedSharedCounter(pool, TABLE, policy, budgets[policy], maxKeys)));
    return counter;
  };
  const sharedOf = (policy: PolicyName): RateLimiterPostgres | null => {
    if (!pool) return null;
    let limiter = shared.get(policy);
    if (!limiter) {
      limiter = new RateLimiterPostgres({ keyPrefix: policy, points: budgets[policy].points, duration: budgets[policy].seconds, storeClient: pool, tableName: TABLE, tableCreated: true, clearExpiredByTimeout: true });
      shared.set(policy, limiter);
    }
    return limiter;
  };
  /** PostgreSQL's answer, or when it cannot be reached, the in-process counts' (never a failed request). */
  async function orInProcess<T>(policy: PolicyName, onShared: (limiter: RateLimiterPostgres) => Promise<T>, inProcessAnswer: () => T): Promise<T> {
    const limiter = sharedOf(policy);
    if (!limiter) return inProcessAnswer();
    try {
      return await onShared(limiter);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw error;
      if (!warned) console.error(`gatehouse: rate-limit counters could not reach PostgreSQL (${(error as Error).message}); counting in the process meanwhile`);
      warned = true;
      return inProcessAnswer();
    }
  }

  return {
    async consume(policy, rawKey) {
      const key = limiterKey(rawKey);
      const budget = budgets[policy];
      const counter = batchedCounterOf(policy);
      const count = counter
        ? counter.consume(key)
        : await orInProcess(
            policy,
            (limiter) => limiter.consume(key, 1).catch((rejection: unknown) => (rejection instanceof RateLimiterRes ? rejection : Promise.reject(rejection))),
            () => inProcessOf(policy).consume(key),
          );
      return decisionOf(policy, budget, count, count.consumedPoints <= budget.points);
    },
    async peek(policy, rawKey) {
      const key = limiterKey(rawKey);
      const counter = batchedCounterOf(policy);
      const res = counter ? counter.peek(key) : await orInProcess(policy, (limiter) => limiter.get(key), () => inProcessOf(policy).peek(key));
      // Allowed while the count is below the budget: after `points` failures the next attempt waits.
      return decisionOf(policy, budgets[policy], res, !res || res.consumedPoints < budgets[policy].points);
    },
    async block(policy, rawKey, seconds) {
      const key = limiterKey(rawKey);
      batchedCounterOf(policy)?.forget(key);
      await orInProcess(policy, async (limiter) => void (await limiter.block(key, seconds)), () => inProcessOf(policy).block(key, seconds));
    },
    async reset(policy, rawKey) {
      const key = limiterKey(rawKey);
      batchedCounterOf(policy)?.forget(key);
      await orInProcess(policy, async (limiter) => void (await limiter.delete(key)), () => inProcessOf(policy).reset(key));
    },
    async flush() {
      await Promise.all([...counters.values()].map((counter) => counter.flushAll()));
    },
    stats() {
      const none = { keys: 0, keyBytes: 0 };
      return Object.fromEntries(
        POLICY_NAMES.map((policy) => {
          const a = inProcess.get(policy)?.stats() ?? none;
          const b = counters.get(policy)?.stats() ?? none;
          return [policy, { keys: a.keys + b.keys, keyBytes: a.keyBytes + b.keyBytes }];
        }),
      ) as Record<PolicyName, { keys: number; keyBytes: number }>;
    },
  };
}
