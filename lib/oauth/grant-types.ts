import type { ClientType } from "@/lib/oauth/storage";

/**
 * The grant types an app may be allowed (RFC 7591 §2 grant_types), chosen on its dashboard page
 * and stored with it. The token endpoint and the authorization endpoint refuse a grant the app is
 * not allowed with unauthorized_client (RFC 6749 §4.1.2.1, §5.2).
 */
export const GRANT_TYPES = ["authorization_code", "refresh_token", "client_credentials"] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** What a new app is allowed: the code flow, with refresh. */
export const DEFAULT_GRANT_TYPES: readonly GrantType[] = ["authorization_code", "refresh_token"];

/** RFC 6749 §4.4: only a client that can authenticate may obtain tokens for itself. */
export const CONFIDENTIAL_ONLY: ReadonlySet<GrantType> = new Set(["client_credentials"]);

/** The grant types as stored (space-separated), in GRANT_TYPES' order, unknown names dropped. */
export function parseGrantTypes(stored: string): GrantType[] {
  const names = new Set(stored.split(" "));
  return GRANT_TYPES.filter((g) => names.has(g));
}

export const formatGrantTypes = (grantTypes: readonly GrantType[]): string => GRANT_TYPES.filter((g) => grantTypes.includes(g)).join(" ");

/** Why an app of this type may not have these grant types, or null when it may. */
export function grantTypesProblem(grantTypes: readonly GrantType[], clientType: ClientType): string | null {
  if (grantTypes.length === 0) return "Choose at least one grant type";
  // The code flow always issues a refresh token (DESIGN: Lifetimes), so the two go together.
  if (grantTypes.includes("refresh_token") !== grantTypes.includes("authorization_code")) return "The authorization code flow and refresh tokens go together: allow both or neither";
  const confidentialOnly = grantTypes.filter((g) => CONFIDENTIAL_ONLY.has(g));
  if (clientType === "public" && confidentialOnly.length > 0) return `${confidentialOnly.join(", ")} is for confidential apps only: a public app has no secret to authenticate with`;
  return null;
}
