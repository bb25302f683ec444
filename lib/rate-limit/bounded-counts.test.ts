import { describe, expect, it } from "vitest";
import { BoundedCounts, OVERFLOW_KEY } from "@/lib/rate-limit/bounded-counts";
import { createRateLimiter, limiterKey } from "@/lib/rate-limit/limiter";
import { DEFAULT_BUDGETS } from "@/lib/rate-limit/policies";

const BUDGET = { points: 3, seconds: 60 };
const T0 = 1_000_000;

describe("in-process counts with a bounded number of keys", () => {
  it("count a key's points within its window, and start again once it has passed", () => {
    const counts = new BoundedCounts(BUDGET, 10);
    expect(counts.consume("a", T0)).toEqual({ consumedPoints: 1, msBeforeNext: 60_000 });
    expect(counts.consume("a", T0 + 1000)).toEqual({ consumedPoints: 2, msBeforeNext: 59_000 });
    expect(counts.peek("a", T0 + 2000)).toEqual({ consumedPoints: 2, msBeforeNext: 58_000 });
    expect(counts.peek("a", T0 + 60_000)).toBeNull();
    expect(counts.consume("a", T0 + 60_000)).toEqual({ consumedPoints: 1, msBeforeNext: 60_000 });
  });

  it("hold no more keys than the capacity: new keys past it are counted together as the overflow", () => {
    const counts = new BoundedCounts(BUDGET, 100);
    for (let i = 0; i < 10_000; i++) counts.consume(`sender-${i}`, T0);
    expect(counts.stats().keys).toBe(101);
    expect(counts.peek(OVERFLOW_KEY, T0)?.consumedPoints).toBe(9_900);
    // A new sender shares the overflow's spent budget while the table is full.
    expect(counts.consume("newcomer", T0 + 10).consumedPoints).toBe(9_901);
  });

  it("never evict a held key, so filling the table neither wipes nor spends another's lockout", () => {
    const counts = new BoundedCounts(BUDGET, 5);
    counts.block("victim-lockout", 900, T0);
    counts.consume("regular", T0);
    for (let i = 0; i < 1_000; i++) counts.consume(`flood-${i}`, T0 + 1);
    expect(counts.peek("victim-lockout", T0 + 2)).toEqual({ consumedPoints: 4, msBeforeNext: 899_998 });
    expect(counts.peek("regular", T0 + 2)?.consumedPoints).toBe(1);
    counts.consume("regular", T0 + 3);
    expect(counts.peek("regular", T0 + 3)?.consumedPoints).toBe(2);
  });

  it("never block or reset the shared overflow for everyone", () => {
    const counts = new BoundedCounts(BUDGET, 1);
    counts.consume("held", T0);
    counts.block("attacker", 86_400, T0);
    expect(counts.peek("attacker", T0)).toEqual({ consumedPoints: 1, msBeforeNext: 60_000 });
    counts.reset("attacker");
    counts.reset(OVERFLOW_KEY);
    expect(counts.peek(OVERFLOW_KEY, T0)?.consumedPoints).toBe(1);
  });

  it("make room again once held keys expire (a full table is swept at most once a second)", () => {
    const counts = new BoundedCounts(BUDGET, 2);
    counts.consume("a", T0);
    counts.consume("b", T0);
    expect(counts.consume("c", T0 + 59_999).consumedPoints).toBe(1);
    expect(counts.stats().keys).toBe(3); // a, b and the overflow
    // a and b have expired, but the table was swept less than a second ago: still the overflow.
    expect(counts.consume("d", T0 + 60_000).consumedPoints).toBe(2);
    expect(counts.consume("d", T0 + 61_000)).toEqual({ consumedPoints: 1, msBeforeNext: 60_000 });
    expect(counts.consume("d", T0 + 61_001).consumedPoints).toBe(2);
  });
});

describe("the rate limiter's memory as a whole", () => {
  it("stays within its bound under a flood of long, different keys: SHA-256 digests, at most maxKeys a budget", async () => {
    const limiter = createRateLimiter({ kind: "memory" }, DEFAULT_BUDGETS, 500);
    for (let i = 0; i < 5_000; i++) {
      const key = `${"k".repeat(60_000)}|${i}`;
      await limiter.consume("client-auth-failures", key);
      await limiter.consume("sign-in-failures", key);
      await limiter.consume("protocol-ip", key);
    }
    for (const policy of ["client-auth-failures", "sign-in-failures", "protocol-ip"] as const) {
      expect(limiter.stats()[policy]).toEqual({ keys: 501, keyBytes: 500 * 43 + OVERFLOW_KEY.length });
    }
    expect(limiterKey("k".repeat(60_000))).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
