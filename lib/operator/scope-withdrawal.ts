import { carriesAny, type ByNewScope, type ScopeCarriers, type ScopeWrites } from "@/lib/db/scope-withdrawal";
import { BASE_SCOPE } from "@/lib/oauth/scopes";

/**
 * When scope names leave the catalogue (a scope or an API deleted, a new scope taking a name
 * left behind) or an app loses its approval for one, they leave everything stored that could
 * still grant them: grants, open consent requests, unused codes, live token families and their
 * access tokens, personal keys. A name left behind on any of them would grant again whatever the
 * name means next (registered again, restricted this time or by another API), with no approval
 * and no consent. This is the rule of what happens to each; lib/db/scope-withdrawal.ts finds the
 * rows and writes the outcome in one transaction.
 */

/**
 * How live authorizations lose the names: "narrow" keeps their other scopes (the scope itself is
 * gone, nobody did anything wrong); "end" ends every family that carried one (an app lost its
 * approval: its users authorize it again for the rest).
 */
export type WithdrawalRule = "narrow" | "end";

/**
 * What withdrawing the names does to people: the users with a grant, request, code, live token
 * or key that carried one; the live authorizations (token families and personal keys) that end
 * because nothing but the base scope would be left; those that keep their other scopes.
 */
export type WithdrawalImpact = { usersAffected: number; authorizationsEnded: number; authorizationsNarrowed: number };

export type WithdrawalPlan = ScopeWrites & { impact: WithdrawalImpact };

const withoutScopes = (scope: string, names: ReadonlySet<string>) =>
  scope
    .split(" ")
    .filter((s) => !names.has(s))
    .join(" ");

/**
 * A withdrawal writes scopes it computed from the rows it read (a grant's scope less the names).
 * PostgreSQL's REPEATABLE READ makes the update of a row another transaction changed since the
 * snapshot fail (40001) instead of overwriting that change with a stale scope; the driver then
 * runs the whole body again on a fresh snapshot. (SQLite: one writer, nothing changes between.)
 */
export const WITHDRAWAL_ISOLATION = { isolation: "repeatable read" } as const;

/** Nothing is left but the always-granted base scope once `names` are gone. */
const carriesOnly = (scope: string, names: ReadonlySet<string>) => scope.split(" ").every((s) => s === BASE_SCOPE || names.has(s));

function byNewScope(rows: readonly { id: string; scope: string }[], names: ReadonlySet<string>): ByNewScope {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const scope = withoutScopes(row.scope, names);
    groups.set(scope, [...(groups.get(scope) ?? []), row.id]);
  }
  return groups;
}

export function planWithdrawal(carriers: ScopeCarriers, rule: WithdrawalRule): WithdrawalPlan {
  const { names, grants, pending, codes, families, accessTokens, keys } = carriers;
  // A grant, request or code keeps what is left: the user approves the name again if it comes back.
  const ending = families.filter((f) => rule === "end" || carriesOnly(f.scope, names));
  const endedFamilies = new Set(ending.map((f) => f.id));
  // An access token of a family that lives on: narrowed, or ended when nothing else is left.
  const tokens = accessTokens.filter((t) => carriesAny(t.scope, names) && !endedFamilies.has(t.familyId));
  const endingKeys = keys.filter((k) => carriesOnly(k.scope, names));
  const ended = ending.length + endingKeys.length;
  return {
    grants: byNewScope(grants, names),
    pending: byNewScope(pending, names),
    codes: byNewScope(codes, names),
    endedFamilies: [...endedFamilies],
    families: byNewScope(
      families.filter((f) => !endedFamilies.has(f.id)),
      names,
    ),
    endedAccessTokens: tokens.filter((t) => carriesOnly(t.scope, names)).map((t) => t.id),
    accessTokens: byNewScope(
      tokens.filter((t) => !carriesOnly(t.scope, names)),
      names,
    ),
    deletedKeys: endingKeys.map((k) => k.id),
    keys: byNewScope(
      keys.filter((k) => !carriesOnly(k.scope, names)),
      names,
    ),
    impact: {
      usersAffected: new Set([...grants, ...pending, ...codes, ...families, ...keys].map((row) => row.userId)).size,
      authorizationsEnded: ended,
      authorizationsNarrowed: families.length + keys.length - ended,
    },
  };
}
