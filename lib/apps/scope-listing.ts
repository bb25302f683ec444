import type { Scope } from "@/lib/oauth/scopes";

/** A scope as the dashboard and the docs list it, with what stands between an app and it, if anything. */
export type ListedScope = { name: string; description: string; personalData: boolean; note: string | null };

export const NEEDS_APPROVAL = "needs approval";
export const RESTRICTED = "restricted: each app needs an operator's approval";

/**
 * The catalogue as a list. For one app (its approved restricted scopes given), a restricted
 * scope not approved for it is marked as needing approval: authorize refuses it until an
 * operator approves it for that app. Without an app (the docs), every restricted scope says so.
 */
export function listScopes(catalogue: readonly Scope[], app?: { approved: readonly string[] }): ListedScope[] {
  return catalogue.map(({ name, description, personalData, restricted }) => ({
    name,
    description,
    personalData,
    note: !restricted ? null : app === undefined ? RESTRICTED : app.approved.includes(name) ? null : NEEDS_APPROVAL,
  }));
}
