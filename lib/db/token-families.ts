import type { Prisma } from "@/lib/generated/sqlite/client";

export type Tx = Prisma.TransactionClient;

/** Ends token families now, with every access and refresh token in them (inside the caller's transaction). */
export async function endFamilies(tx: Tx, familyIds: readonly string[], at: Date): Promise<void> {
  if (familyIds.length === 0) return;
  const ids = [...familyIds];
  await tx.tokenFamily.updateMany({ where: { id: { in: ids } }, data: { revokedAt: at } });
  await tx.accessToken.updateMany({ where: { familyId: { in: ids }, revokedAt: null }, data: { revokedAt: at } });
  await tx.refreshToken.updateMany({ where: { familyId: { in: ids }, revokedAt: null }, data: { revokedAt: at } });
}

/** Scope strings are space-separated words: a row carries a name when one of its words is it. */
export const carriesAny = (scope: string, names: ReadonlySet<string>) => scope.split(" ").some((s) => names.has(s));
export const withoutScopes = (scope: string, names: ReadonlySet<string>) =>
  scope
    .split(" ")
    .filter((s) => !names.has(s))
    .join(" ");

/** A first cut in SQL (substring), made exact by `carriesAny`. */
export const containsAny = (names: ReadonlySet<string>) => ({ OR: [...names].map((name) => ({ scope: { contains: name } })) });

export type ScopeCarrier = { id: string; userId: string; scope: string };

/**
 * The grants and live token families that carry one of `names`, of every app or of one (inside
 * the caller's transaction). Which families end is the caller's rule: all of them when an app
 * loses a scope, those left with nothing when the scope itself goes.
 */
export async function findScopeCarriers(tx: Tx, names: ReadonlySet<string>, now: Date, applicationId?: string) {
  const where = { ...containsAny(names), ...(applicationId === undefined ? {} : { applicationId }) };
  const select = { id: true, userId: true, scope: true } as const;
  const grants: ScopeCarrier[] = (await tx.grant.findMany({ where, select })).filter((g) => carriesAny(g.scope, names));
  const families: ScopeCarrier[] = (
    await tx.tokenFamily.findMany({ where: { ...where, revokedAt: null, absoluteExpiresAt: { gt: now } }, select })
  ).filter((f) => carriesAny(f.scope, names));
  return { grants, families };
}

/** Rewrites grants without `names`: the user approves them again if they come back. */
export async function stripScopesFromGrants(tx: Tx, grants: readonly ScopeCarrier[], names: ReadonlySet<string>): Promise<void> {
  for (const grant of grants) await tx.grant.update({ where: { id: grant.id }, data: { scope: withoutScopes(grant.scope, names) } });
}
