import { endFamilies, type Tx } from "@/lib/db/token-families";
import { BASE_SCOPE } from "@/lib/oauth/scopes";

/**
 * Takes scope names out of everything stored that could still grant them: grants, open consent
 * requests, unused codes, live token families and their access tokens, personal keys. A name
 * left behind on any of them would grant again whatever the name means next (registered again,
 * restricted this time or by another API), with no approval and no consent; so it goes from all
 * of them in the caller's transaction.
 */

/** Scope strings are space-separated words: a row carries a name when one of its words is it. */
const carriesAny = (scope: string, names: ReadonlySet<string>) => scope.split(" ").some((s) => names.has(s));

const withoutScopes = (scope: string, names: ReadonlySet<string>) =>
  scope
    .split(" ")
    .filter((s) => !names.has(s))
    .join(" ");

/** Nothing is left but the always-granted base scope once `names` are gone. */
const carriesOnly = (scope: string, names: ReadonlySet<string>) => scope.split(" ").every((s) => s === BASE_SCOPE || names.has(s));

/** A first cut in SQL (substring), made exact by `carriesAny`. */
const containsAny = (names: ReadonlySet<string>) => ({ OR: [...names].map((name) => ({ scope: { contains: name } })) });

type Carrier = { id: string; userId: string; scope: string };

/** The live rows that carry one of `names`, of every app or of one (`applicationId`). */
export type ScopeCarriers = {
  names: ReadonlySet<string>;
  applicationId?: string;
  grants: Carrier[];
  pending: Carrier[];
  codes: Carrier[];
  families: Carrier[];
  keys: Carrier[];
};

/**
 * Finds them (inside the caller's transaction). Only what can still be used: answered or expired
 * requests, used or expired codes, ended families and tokens, expired keys grant nothing, now
 * or later. Personal keys belong to no app: they are left out when `applicationId` is given.
 */
export async function findScopeCarriers(tx: Tx, names: ReadonlySet<string>, now: Date, applicationId?: string): Promise<ScopeCarriers> {
  const empty = { names, applicationId, grants: [], pending: [], codes: [], families: [], keys: [] };
  if (names.size === 0) return empty;
  const exact = <T extends { scope: string }>(rows: T[]) => rows.filter((row) => carriesAny(row.scope, names));
  const ofApp = applicationId === undefined ? {} : { applicationId };
  const where = { ...containsAny(names), ...ofApp };
  const select = { id: true, userId: true, scope: true } as const;
  const liveFamily = { revokedAt: null, absoluteExpiresAt: { gt: now }, ...ofApp };
  return {
    names,
    applicationId,
    grants: exact(await tx.grant.findMany({ where, select })),
    pending: exact(await tx.pendingAuthorization.findMany({ where: { ...where, usedAt: null, expiresAt: { gt: now } }, select })),
    codes: exact(await tx.authorizationCode.findMany({ where: { ...where, usedAt: null, expiresAt: { gt: now } }, select })),
    families: exact(await tx.tokenFamily.findMany({ where: { ...where, ...liveFamily }, select })),
    keys:
      applicationId === undefined
        ? exact(await tx.personalKey.findMany({ where: { AND: [containsAny(names), { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }] }, select }))
        : [],
  };
}

/**
 * What withdrawing the names does to people: the users with a grant, request, code, live token
 * or key that carried one; the live authorizations (token families and personal keys) that end
 * because nothing but the base scope would be left; those that keep their other scopes.
 */
export type WithdrawalImpact = { usersAffected: number; authorizationsEnded: number; authorizationsNarrowed: number };

/**
 * How live authorizations lose the names: "narrow" keeps their other scopes (the scope itself is
 * gone, nobody did anything wrong); "end" ends every family that carried one (an app lost its
 * approval: its users authorize it again for the rest).
 */
export type WithdrawalRule = "narrow" | "end";

const endsUnder = (rule: WithdrawalRule, scope: string, names: ReadonlySet<string>) => rule === "end" || carriesOnly(scope, names);

export function impactOf(carriers: ScopeCarriers, rule: WithdrawalRule): WithdrawalImpact {
  const { names, grants, pending, codes, families, keys } = carriers;
  const ended = families.filter((f) => endsUnder(rule, f.scope, names)).length + keys.filter((k) => carriesOnly(k.scope, names)).length;
  return {
    usersAffected: new Set([...grants, ...pending, ...codes, ...families, ...keys].map((row) => row.userId)).size,
    authorizationsEnded: ended,
    authorizationsNarrowed: families.length + keys.length - ended,
  };
}

/** Rows by the scope they get: one update per distinct new scope, however many rows share it. */
function byNewScope<T extends { id: string; scope: string }>(rows: readonly T[], names: ReadonlySet<string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const scope = withoutScopes(row.scope, names);
    groups.set(scope, [...(groups.get(scope) ?? []), row.id]);
  }
  return groups;
}

/** Withdraws the names from every row found (inside the same transaction as the finding). */
export async function withdrawScopes(tx: Tx, carriers: ScopeCarriers, rule: WithdrawalRule, now: Date): Promise<WithdrawalImpact> {
  const { names, applicationId, grants, pending, codes, families, keys } = carriers;
  // A grant, request or code keeps what is left: the user approves the name again if it comes back.
  for (const [scope, ids] of byNewScope(grants, names)) await tx.grant.updateMany({ where: { id: { in: ids } }, data: { scope } });
  for (const [scope, ids] of byNewScope(pending, names)) await tx.pendingAuthorization.updateMany({ where: { id: { in: ids } }, data: { scope } });
  for (const [scope, ids] of byNewScope(codes, names)) await tx.authorizationCode.updateMany({ where: { id: { in: ids } }, data: { scope } });

  const ending = families.filter((f) => endsUnder(rule, f.scope, names));
  await endFamilies(tx, ending.map((f) => f.id), now);
  const endedFamilies = new Set(ending.map((f) => f.id));
  for (const [scope, ids] of byNewScope(families.filter((f) => !endedFamilies.has(f.id)), names)) await tx.tokenFamily.updateMany({ where: { id: { in: ids } }, data: { scope } });

  // An access token of a family that lives on: narrowed, or ended when nothing else is left. Found
  // by its own scope, not its family's: a refresh that raced a removal may have written one.
  const liveFamily = { revokedAt: null, absoluteExpiresAt: { gt: now }, ...(applicationId === undefined ? {} : { applicationId }) };
  const accessTokens = await tx.accessToken.findMany({
    where: { ...containsAny(names), revokedAt: null, expiresAt: { gt: now }, family: liveFamily },
    select: { id: true, familyId: true, scope: true },
  });
  const tokens = accessTokens.filter((t) => carriesAny(t.scope, names) && !endedFamilies.has(t.familyId));
  const endingTokens = tokens.filter((t) => carriesOnly(t.scope, names)).map((t) => t.id);
  if (endingTokens.length > 0) await tx.accessToken.updateMany({ where: { id: { in: endingTokens } }, data: { revokedAt: now } });
  const narrowedTokens = tokens.filter((t) => !carriesOnly(t.scope, names));
  for (const [scope, ids] of byNewScope(narrowedTokens, names)) await tx.accessToken.updateMany({ where: { id: { in: ids } }, data: { scope } });

  // A personal key has no revocation flag: one left with nothing else is deleted (revoked).
  const endingKeys = keys.filter((k) => carriesOnly(k.scope, names)).map((k) => k.id);
  if (endingKeys.length > 0) await tx.personalKey.deleteMany({ where: { id: { in: endingKeys } } });
  for (const [scope, ids] of byNewScope(keys.filter((k) => !carriesOnly(k.scope, names)), names)) await tx.personalKey.updateMany({ where: { id: { in: ids } }, data: { scope } });

  return impactOf(carriers, rule);
}
