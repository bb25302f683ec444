import type { UserClaims } from "@/lib/oauth/storage";

/**
 * The claims each scope releases about a user (OpenID Connect Core §5.4): the one mapping
 * userinfo, the ID token and discovery's claims_supported read. `sub` is the account's stable,
 * opaque id (§5.1, subject type "public").
 */
export const SCOPE_CLAIMS = {
  profile: ["name", "preferred_username"],
  email: ["email", "email_verified"],
} as const;

/** Every claim Gatehouse can state about a user, as discovery lists them (Discovery 1.0 §3 claims_supported). */
export const USER_CLAIMS = ["sub", ...SCOPE_CLAIMS.profile, ...SCOPE_CLAIMS.email] as const;

export type ReleasedClaims = { sub: string; name?: string; preferred_username?: string; email?: string; email_verified?: boolean };

/**
 * The claims `scopes` release about `user`. email_verified is false: Gatehouse does not prove
 * that an address is its user's yet.
 */
export function claimsFor(user: UserClaims, scopes: ReadonlySet<string>): ReleasedClaims {
  return {
    sub: user.id,
    ...(scopes.has("profile") ? { name: user.name, preferred_username: user.username } : {}),
    ...(scopes.has("email") ? { email: user.email, email_verified: false } : {}),
  };
}
