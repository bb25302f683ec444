import { watcher } from "@/lib/observe/events";
import { OAuthError } from "@/lib/oauth/errors";
import type { RateLimiter } from "@/lib/rate-limit/limiter";
import { rateLimitHeaders, tightest, type PolicyName, type RateLimitDecision } from "@/lib/rate-limit/policies";

/**
 * Rate limiting as the protocol core sees it, for one request: who is calling (the address the
 * HTTP front saw) and the policies the handlers spend (lib/rate-limit/policies.ts). Every
 * decision is kept, so the answer can carry the RateLimit fields of the tightest one.
 */
export class RequestLimits {
  readonly decisions: RateLimitDecision[] = [];

  constructor(
    private readonly limiter: RateLimiter,
    readonly clientIp: string,
  ) {}

  /** Counts the request; over the budget it is refused with 429. */
  async spend(policy: PolicyName, key: string): Promise<void> {
    const decision = await this.limiter.consume(policy, key);
    this.decisions.push(decision);
    if (!decision.allowed) throw tooManyRequests(decision);
  }

  /** Refuses with 429 when the key is over the budget; counts nothing (failures are counted by fail). */
  async check(policy: PolicyName, key: string): Promise<void> {
    const decision = await this.limiter.peek(policy, key);
    if (!decision.allowed) {
      this.decisions.push(decision);
      throw tooManyRequests(decision);
    }
  }

  /** Counts a failure (the request itself is answered as it would be anyway). */
  async fail(policy: PolicyName, key: string): Promise<void> {
    await this.limiter.consume(policy, key);
  }

  /** The RateLimit fields for the answer: the tightest budget this request spent from. */
  headers(): Record<Lowercase<string>, string> {
    const decision = tightest(this.decisions);
    return decision ? rateLimitHeaders(decision) : {};
  }
}

export function tooManyRequests(decision: RateLimitDecision): OAuthError {
  watcher().rateLimitRefused(decision.policy);
  const what = decision.policy === "client-auth-failures" ? "too many failed client authentications from this address" : "too many requests";
  return new OAuthError("too_many_requests", `${what}: retry after ${decision.resetSeconds} seconds`, { status: 429, headers: rateLimitHeaders(decision) });
}

/**
 * The key of a (client or account, IP) pair: failures are counted per pair, never per client
 * alone. Its parts are joined by NUL, which neither holds (control characters are refused as they
 * are read); the limiter stores the SHA-256 of the whole (lib/rate-limit/limiter.ts).
 */
export const pairKey = (id: string, ip: string) => `${id}\u0000${ip}`;
