import { db } from "@/lib/db/client";
import { carriesAny, containsAny, endFamilies, findScopeCarriers, stripScopesFromGrants, withoutScopes, type Tx } from "@/lib/db/token-families";
import { BASE_SCOPE, type RegisteredScope } from "@/lib/oauth/scopes";

/**
 * Queries behind the operator console's registered APIs. Every change to an API's scopes bumps
 * the catalogue version in the same transaction, so every instance reloads its scope catalogue.
 */

async function bumpCatalogueVersion(tx: Tx): Promise<void> {
  await tx.catalogueVersion.upsert({ where: { id: 1 }, create: { id: 1, version: 1 }, update: { version: { increment: 1 } } });
}

export async function readCatalogueVersion(): Promise<number> {
  const row = await db().catalogueVersion.findUnique({ where: { id: 1 } });
  return row?.version ?? 0;
}

export async function listRegisteredScopes(): Promise<RegisteredScope[]> {
  const rows = await db().apiScope.findMany({
    orderBy: [{ api: { name: "asc" } }, { name: "asc" }],
    select: { name: true, description: true, personalData: true, restricted: true, api: { select: { identifier: true } } },
  });
  return rows.map(({ api, ...scope }) => ({ ...scope, api: api.identifier }));
}

export type ApiSummary = { id: string; apiId: string; name: string; identifier: string; scopeCount: number; createdAt: Date };

export async function listApis(): Promise<ApiSummary[]> {
  const rows = await db().registeredApi.findMany({
    orderBy: { name: "asc" },
    select: { id: true, apiId: true, name: true, identifier: true, createdAt: true, _count: { select: { scopes: true } } },
  });
  return rows.map(({ _count, ...row }) => ({ ...row, scopeCount: _count.scopes }));
}

export function findApiRow(id: string) {
  return db().registeredApi.findUnique({
    where: { id },
    select: {
      id: true,
      apiId: true,
      name: true,
      identifier: true,
      createdAt: true,
      scopes: { orderBy: { name: "asc" }, select: { id: true, name: true, description: true, personalData: true, restricted: true } },
      secrets: { orderBy: { createdAt: "asc" }, select: { id: true, prefix: true, lastFour: true, createdAt: true, lastUsedAt: true } },
    },
  });
}
export type ApiRow = NonNullable<Awaited<ReturnType<typeof findApiRow>>>;

export function insertApi(data: { apiId: string; name: string; identifier: string; secret: { digest: string; prefix: string; lastFour: string } }) {
  const { secret, ...fields } = data;
  return db().registeredApi.create({ data: { ...fields, secrets: { create: secret } }, select: { id: true, apiId: true } });
}

export async function insertApiScope(apiId: string, scope: Omit<RegisteredScope, "api">): Promise<boolean> {
  return db().$transaction(async (tx) => {
    if (!(await tx.registeredApi.findUnique({ where: { id: apiId }, select: { id: true } }))) return false;
    await tx.apiScope.create({ data: { apiId, ...scope } });
    await bumpCatalogueVersion(tx);
    return true;
  });
}

/** Marks a scope restricted or not; false when the API has no such scope. */
export async function updateScopeRestricted(apiId: string, scopeId: string, restricted: boolean): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.apiScope.updateMany({ where: { id: scopeId, apiId }, data: { restricted } });
    if (count === 1) await bumpCatalogueVersion(tx);
    return count === 1;
  });
}

/** Adds a secret unless the API already has `max` (the API row is written first, so concurrent calls queue). */
export async function insertApiSecretIfRoom(apiId: string, secret: { digest: string; prefix: string; lastFour: string }, max: number): Promise<"ok" | "not_found" | "full"> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.registeredApi.updateMany({ where: { id: apiId }, data: { updatedAt: new Date() } });
    if (count === 0) return "not_found";
    if ((await tx.apiSecret.count({ where: { apiId } })) >= max) return "full";
    await tx.apiSecret.create({ data: { apiId, ...secret } });
    return "ok";
  });
}

export async function deleteApiSecret(apiId: string, secretId: string): Promise<boolean> {
  const { count } = await db().apiSecret.deleteMany({ where: { id: secretId, apiId } });
  return count === 1;
}

/** Everything but the always-granted base scope is among `names`. */
const carriesOnly = (scope: string, names: ReadonlySet<string>) => scope.split(" ").every((s) => s === BASE_SCOPE || names.has(s));

/** What removing these scopes would touch: users with a grant carrying one, live token families carrying only them. */
async function scopeUse(tx: Tx, names: ReadonlySet<string>, now: Date) {
  const { grants, families } = await findScopeCarriers(tx, names, now);
  const select = { id: true, userId: true, scope: true } as const;
  const keys = (await tx.personalKey.findMany({ where: containsAny(names), select })).filter((k) => carriesAny(k.scope, names));
  return {
    grants,
    keys,
    endingFamilies: families.filter((f) => carriesOnly(f.scope, names)),
    endingKeys: keys.filter((k) => carriesOnly(k.scope, names)).length,
    users: new Set([...grants, ...families, ...keys].map((row) => row.userId)).size,
  };
}

/** Users with a grant, token or key carrying the scopes; token families and personal keys that carry nothing else. */
export type ScopeRemovalImpact = { usersAffected: number; familiesEnding: number };

export async function measureScopeRemoval(names: readonly string[]): Promise<ScopeRemovalImpact> {
  if (names.length === 0) return { usersAffected: 0, familiesEnding: 0 };
  const use = await db().$transaction((tx) => scopeUse(tx, new Set(names), new Date()));
  return { usersAffected: use.users, familiesEnding: use.endingFamilies.length + use.endingKeys };
}

/**
 * Removes scopes from the catalogue's registered part, in one transaction: the scope rows (or the
 * whole API, with its secrets), the scopes from every stored grant and personal key, and the
 * live token families and personal keys that carried nothing else (they end at once). Families
 * that also carry other scopes keep those; the removed ones mean nothing to any API from now on.
 */
export async function removeScopes(target: { apiId: string; scopeId?: string }, now: Date): Promise<ScopeRemovalImpact | null> {
  return db().$transaction(async (tx) => {
    const api = await tx.registeredApi.findUnique({ where: { id: target.apiId }, select: { scopes: { select: { id: true, name: true } } } });
    if (!api) return null;
    const removed = target.scopeId ? api.scopes.filter((s) => s.id === target.scopeId) : api.scopes;
    if (target.scopeId && removed.length === 0) return null;
    const names = new Set(removed.map((s) => s.name));
    const use = names.size > 0 ? await scopeUse(tx, names, now) : { grants: [], keys: [], endingFamilies: [], endingKeys: 0, users: 0 };
    await stripScopesFromGrants(tx, use.grants, names);
    for (const key of use.keys) {
      if (carriesOnly(key.scope, names)) await tx.personalKey.delete({ where: { id: key.id } });
      else await tx.personalKey.update({ where: { id: key.id }, data: { scope: withoutScopes(key.scope, names) } });
    }
    const familyIds = use.endingFamilies.map((f) => f.id);
    await endFamilies(tx, familyIds, now);
    if (target.scopeId) await tx.apiScope.delete({ where: { id: target.scopeId } });
    else await tx.registeredApi.delete({ where: { id: target.apiId } });
    await bumpCatalogueVersion(tx);
    return { usersAffected: use.users, familiesEnding: familyIds.length + use.endingKeys };
  });
}

/** Whether the secret with this digest is still one of the API's (not revoked since it was shown). */
export async function hasApiSecret(apiId: string, secretDigest: string): Promise<boolean> {
  return (await db().apiSecret.count({ where: { apiId, digest: secretDigest } })) === 1;
}
