import { describe, expect, it } from "vitest";
import { PasswordHashingBusyError, unlessBusy } from "@/lib/auth/password";
import { checkAccountAction, checkSignIn, recordSignInFailure, recordSignInSuccess, waitInWords } from "@/lib/auth/throttle";
import { UNREACHED_BUDGETS } from "@/lib/oauth/testing/fixtures";
import { createRateLimiter } from "@/lib/rate-limit/limiter";
import type { Budget, PolicyName } from "@/lib/rate-limit/policies";

const limiterWith = (budgets: Partial<Record<PolicyName, Budget>>) => createRateLimiter({ kind: "memory" }, { ...UNREACHED_BUDGETS, ...budgets });
const EMAIL = "ada@example.com";

describe("sign-in limits", () => {
  it("count attempts per address and say how long to wait", async () => {
    const limiter = limiterWith({ "sign-in-ip": { points: 2, seconds: 600 } });
    expect(await checkSignIn(EMAIL, "198.51.100.1", limiter)).toBeNull();
    expect(await checkSignIn("other@example.com", "198.51.100.1", limiter)).toBeNull();
    expect(await checkSignIn(EMAIL, "198.51.100.1", limiter)).toEqual({ retryAfterSeconds: expect.any(Number), message: expect.stringMatching(/^Too many sign-in attempts from your network\. Try again in \d+ minutes\.$/) });
    expect(await checkSignIn(EMAIL, "198.51.100.2", limiter)).toBeNull();
  });

  it("lock out an (account, address) pair after its failures, never the account from elsewhere; a success ends the run", async () => {
    const limiter = limiterWith({ "sign-in-failures": { points: 3, seconds: 900 } });
    for (let i = 0; i < 2; i++) await recordSignInFailure(EMAIL, "203.0.113.5", limiter);
    await recordSignInSuccess(EMAIL, "203.0.113.5", limiter);
    for (let i = 0; i < 2; i++) await recordSignInFailure(EMAIL, "203.0.113.5", limiter);
    expect(await checkSignIn(EMAIL, "203.0.113.5", limiter)).toBeNull();
    await recordSignInFailure(EMAIL, "203.0.113.5", limiter);
    const locked = await checkSignIn(EMAIL, "203.0.113.5", limiter);
    expect(locked?.message).toMatch(/^Too many failed sign-ins for this account from your network\. Try again in 15 minutes\.$/);
    expect(await checkSignIn(EMAIL, "198.51.100.9", limiter)).toBeNull();
  });

  it("double the wait at each lockout", async () => {
    const limiter = limiterWith({ "sign-in-failures": { points: 1, seconds: 1 } });
    await recordSignInFailure(EMAIL, "203.0.113.6", limiter);
    expect((await checkSignIn(EMAIL, "203.0.113.6", limiter))?.retryAfterSeconds).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await checkSignIn(EMAIL, "203.0.113.6", limiter)).toBeNull();
    await recordSignInFailure(EMAIL, "203.0.113.6", limiter);
    expect((await checkSignIn(EMAIL, "203.0.113.6", limiter))?.retryAfterSeconds).toBe(2);
  });
});

describe("account-change limits", () => {
  it("count sign-ups per address, and account changes per address and per account", async () => {
    const limiter = limiterWith({ "account-ip": { points: 3, seconds: 3600 }, "account-user": { points: 1, seconds: 3600 } });
    expect(await checkAccountAction("198.51.100.1", null, limiter)).toBeNull();
    expect(await checkAccountAction("198.51.100.1", "user-1", limiter)).toBeNull();
    expect((await checkAccountAction("198.51.100.2", "user-1", limiter))?.message).toMatch(/^Too many changes to this account\. Try again in 60 minutes\.$/);
    expect(await checkAccountAction("198.51.100.1", "user-2", limiter)).toBeNull();
    expect((await checkAccountAction("198.51.100.1", null, limiter))?.message).toMatch(/^Too many account changes from your network/);
  });

  it("put the wait in words", () => {
    expect([waitInWords(30), waitInWords(900), waitInWords(7200)]).toEqual(["30 seconds", "15 minutes", "2 hours"]);
  });

  it("turn a full password-hashing queue into the form's error", async () => {
    expect(await unlessBusy(async () => Promise.reject(new PasswordHashingBusyError()))).toEqual({ ok: false, fieldErrors: { form: expect.stringMatching(/^Gatehouse is busy/) } });
    await expect(unlessBusy(async () => Promise.reject(new Error("other")))).rejects.toThrow("other");
  });
});
