import { rateLimiter } from "@/lib/rate-limit/server";
import { pairKey } from "@/lib/oauth/rate-limits";
import { watcher } from "@/lib/observe/events";
import type { RateLimiter } from "@/lib/rate-limit/limiter";
import type { RateLimitDecision } from "@/lib/rate-limit/policies";

/**
 * Rate limits of the account pages: sign-in per address and failed sign-ins per (account,
 * address) with a wait that doubles at each lockout; sign-up, password change, account
 * deletion and personal-key creation per address and per account. A refusal says how long to
 * wait, in words.
 */
export type Refusal = { retryAfterSeconds: number; message: string };

const MAX_LOCKOUT_SECONDS = 86400;

export function waitInWords(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  if (seconds < 5400) return `${Math.ceil(seconds / 60)} minutes`;
  return `${Math.ceil(seconds / 3600)} hours`;
}

function refusal({ policy, resetSeconds }: RateLimitDecision, what: string): Refusal {
  watcher().rateLimitRefused(policy);
  return { retryAfterSeconds: resetSeconds, message: `${what}. Try again in ${waitInWords(resetSeconds)}.` };
}

/** Before a sign-in: counts it for the address, and refuses a pair that is locked out. Null: go ahead. */
export async function checkSignIn(email: string, ip: string, limiter: RateLimiter = rateLimiter()): Promise<Refusal | null> {
  const perAddress = await limiter.consume("sign-in-ip", ip);
  if (!perAddress.allowed) return refusal(perAddress, "Too many sign-in attempts from your network");
  const failures = await limiter.peek("sign-in-failures", pairKey(email, ip));
  if (!failures.allowed) return refusal(failures, "Too many failed sign-ins for this account from your network");
  return null;
}

/** A wrong password: counted for the pair; when it goes over, a lockout that doubles each time within a day. */
export async function recordSignInFailure(email: string, ip: string, limiter: RateLimiter = rateLimiter()): Promise<void> {
  const key = pairKey(email, ip);
  const failures = await limiter.consume("sign-in-failures", key);
  if (failures.remaining > 0) return;
  const lockouts = await limiter.consume("sign-in-lockouts", key);
  const used = lockouts.limit - lockouts.remaining;
  await limiter.block("sign-in-failures", key, Math.min(MAX_LOCKOUT_SECONDS, failures.windowSeconds * 2 ** Math.max(0, used - 1)));
}

/** A correct password ends the run of failures of this pair. */
export async function recordSignInSuccess(email: string, ip: string, limiter: RateLimiter = rateLimiter()): Promise<void> {
  await limiter.reset("sign-in-failures", pairKey(email, ip));
}

/** Before sign-up (no account yet), password change, account deletion or personal-key creation. */
export async function checkAccountAction(ip: string, userId: string | null, limiter: RateLimiter = rateLimiter()): Promise<Refusal | null> {
  const perAddress = await limiter.consume("account-ip", ip);
  if (!perAddress.allowed) return refusal(perAddress, "Too many account changes from your network");
  if (userId) {
    const perAccount = await limiter.consume("account-user", userId);
    if (!perAccount.allowed) return refusal(perAccount, "Too many changes to this account");
  }
  return null;
}
