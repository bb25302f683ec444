import { z } from "zod";

/**
 * Gatehouse's rate-limit policies: what is counted, per what key, and the default budget. Each
 * budget comes from its environment variable as POINTS/SECONDS (README: Rate limits). Failures
 * are counted per (client, IP) and (account, IP), never per client or account alone, so nobody
 * can lock someone else out.
 */
export const POLICIES = {
  /** Requests to token, revocation, introspection (apps) and userinfo, per client IP. */
  "protocol-ip": { env: "GATEHOUSE_LIMIT_PROTOCOL_IP", budget: "600/60" },
  /** Requests per authenticated app, whatever its address. */
  "protocol-client": { env: "GATEHOUSE_LIMIT_PROTOCOL_CLIENT", budget: "1200/60" },
  /** Introspection by a registered API, per API and per client IP: APIs introspect on every request they serve. */
  "api-introspection": { env: "GATEHOUSE_LIMIT_API_INTROSPECTION", budget: "12000/60" },
  /** Failed client authentications per (client_id, IP). */
  "client-auth-failures": { env: "GATEHOUSE_LIMIT_CLIENT_AUTH_FAILURES", budget: "10/600" },
  /** Sign-in attempts per client IP. */
  "sign-in-ip": { env: "GATEHOUSE_LIMIT_SIGN_IN_IP", budget: "60/600" },
  /** Failed sign-ins per (account, IP); each time it is exceeded the wait doubles (up to a day). */
  "sign-in-failures": { env: "GATEHOUSE_LIMIT_SIGN_IN_FAILURES", budget: "5/900" },
  /** Lockouts of an (account, IP) pair within a day: each one doubles the next wait (not a budget to tune). */
  "sign-in-lockouts": { env: "GATEHOUSE_LIMIT_SIGN_IN_LOCKOUTS", budget: "1000/86400" },
  /** Sign-up, password change, account deletion and personal-key creation, per client IP. */
  "account-ip": { env: "GATEHOUSE_LIMIT_ACCOUNT_IP", budget: "20/3600" },
  /** Password change, account deletion and personal-key creation, per account. */
  "account-user": { env: "GATEHOUSE_LIMIT_ACCOUNT_USER", budget: "20/3600" },
} as const;

export type PolicyName = keyof typeof POLICIES;
export const POLICY_NAMES = Object.keys(POLICIES) as PolicyName[];

export type Budget = { points: number; seconds: number };

export const budgetSchema = z
  .string()
  .regex(/^\d{1,9}\/\d{1,7}$/, "a budget is POINTS/SECONDS, e.g. 600/60")
  .transform((value): Budget => {
    const [points, seconds] = value.split("/").map(Number) as [number, number];
    return { points, seconds };
  })
  .refine((b) => b.points >= 1 && b.seconds >= 1, "a budget needs at least 1 point and 1 second");

export const DEFAULT_BUDGETS = Object.fromEntries(POLICY_NAMES.map((name) => [name, budgetSchema.parse(POLICIES[name].budget)])) as Record<PolicyName, Budget>;

/** Where a key stands after a request was counted: enough for the RateLimit fields and Retry-After. */
export type RateLimitDecision = { policy: PolicyName; allowed: boolean; limit: number; remaining: number; resetSeconds: number; windowSeconds: number };

/**
 * The IETF RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers: a
 * quota `q` per window `w` seconds; `r` remaining, reset in `t` seconds), and Retry-After when
 * the request was refused; by lowercase name, as every protocol answer's fields (lib/oauth/http.ts).
 */
export function rateLimitHeaders(decision: RateLimitDecision): Record<Lowercase<string>, string> {
  const name = `"${decision.policy}"`;
  return {
    "ratelimit-policy": `${name};q=${decision.limit};w=${decision.windowSeconds}`,
    ratelimit: `${name};r=${Math.max(0, decision.remaining)};t=${decision.resetSeconds}`,
    ...(decision.allowed ? {} : { "retry-after": String(decision.resetSeconds) }),
  };
}

/** Of several decisions about one request, the one to report: a refusal, else the nearest to its limit. */
export function tightest(decisions: readonly RateLimitDecision[]): RateLimitDecision | undefined {
  return [...decisions].sort((a, b) => Number(a.allowed) - Number(b.allowed) || a.remaining / a.limit - b.remaining / b.limit)[0];
}
