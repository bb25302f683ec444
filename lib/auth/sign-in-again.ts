import type { SignIn } from "@/lib/oauth/authorize";

/**
 * Why an app sent a signed-in user back to the sign-in page (lib/oauth/authorize.ts SignIn): the
 * page then asks for the password again instead of going straight on, and says why.
 */
export const SIGN_IN_AGAIN_REASONS = ["login", "max_age", "select_account", "other_account"] as const;
export type SignInAgainReason = (typeof SIGN_IN_AGAIN_REASONS)[number];

export function signInAgainReason(value: unknown): SignInAgainReason | null {
  return typeof value === "string" && (SIGN_IN_AGAIN_REASONS as readonly string[]).includes(value) ? (value as SignInAgainReason) : null;
}

/** The sign-in page's address for an authorization that needs a sign-in first. */
export function signInPathFor(decision: SignIn): string {
  const query = new URLSearchParams({ callbackUrl: `/oauth/authorize?${decision.continueQuery}` });
  if (decision.reason !== "signed_out") query.set("reason", decision.reason);
  if (decision.loginHint) query.set("login_hint", decision.loginHint);
  return `/signin?${query.toString()}`;
}

/** A login_hint worth putting in the email field: an address of sane length, or nothing. */
export function emailFromHint(value: unknown): string | undefined {
  return typeof value === "string" && value.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(value) ? value : undefined;
}

/** What the sign-in page says above the form when an app asked for the sign-in again. */
export function signInAgainNotice(reason: SignInAgainReason, app: string | null): string {
  const who = app ?? "The app";
  switch (reason) {
    case "login":
      return `${who} asks you to confirm it is you: enter your password again.`;
    case "max_age":
      return `${who} asks for a recent sign-in, and yours is older than it allows: enter your password again.`;
    case "select_account":
      return `${who} asks which account to use: continue with this one, or sign in with another.`;
    case "other_account":
      return `${who} expected a different Gatehouse account than the one signed in: sign in with that account.`;
  }
}
