import { db } from "@/lib/db/client";
import { findScopeCarriers, impactOf, withdrawScopes, type WithdrawalImpact } from "@/lib/db/scope-withdrawal";
import type { Tx } from "@/lib/db/token-families";
import type { RegisteredScope } from "@/lib/oauth/scopes";

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

/**
 * Adds a scope, in one transaction with clearing its name from everything stored. The name is new
 * to the catalogue, so whatever still carries it is left over from a scope of that name that is
 * gone (deleted while a token was being issued, or dropped from GATEHOUSE_SCOPES_FILE): the new
 * scope must not grant through it, nor count an approval given for the old one.
 */
export async function insertApiScope(apiId: string, scope: Omit<RegisteredScope, "api">, now: Date): Promise<boolean> {
  return db().$transaction(async (tx) => {
    if (!(await tx.registeredApi.findUnique({ where: { id: apiId }, select: { id: true } }))) return false;
    const names = new Set([scope.name]);
    await withdrawScopes(tx, await findScopeCarriers(tx, names, now), "narrow", now);
    await tx.scopeApproval.deleteMany({ where: { scope: scope.name } });
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

export type ScopeRemovalImpact = WithdrawalImpact;

const NO_IMPACT: ScopeRemovalImpact = { usersAffected: 0, authorizationsEnded: 0, authorizationsNarrowed: 0 };

/** What removing these scopes would do, for the confirmation (nothing is written). */
export async function measureScopeRemoval(names: readonly string[]): Promise<ScopeRemovalImpact> {
  if (names.length === 0) return NO_IMPACT;
  return impactOf(await findScopeCarriers(db(), new Set(names), new Date()), "narrow");
}

/**
 * Removes scopes from the catalogue's registered part, in one transaction: the scope rows (or the
 * whole API, with its secrets), the approvals given for them, and the names from every grant,
 * open consent request, unused code, live token family, access token and personal key. Families,
 * tokens and keys that carry other scopes keep those; those left with nothing else end at once.
 */
export async function removeScopes(target: { apiId: string; scopeId?: string }, now: Date): Promise<ScopeRemovalImpact | null> {
  return db().$transaction(async (tx) => {
    const api = await tx.registeredApi.findUnique({ where: { id: target.apiId }, select: { scopes: { select: { id: true, name: true } } } });
    if (!api) return null;
    const removed = target.scopeId ? api.scopes.filter((s) => s.id === target.scopeId) : api.scopes;
    if (target.scopeId && removed.length === 0) return null;
    const names = new Set(removed.map((s) => s.name));
    const impact = await withdrawScopes(tx, await findScopeCarriers(tx, names, now), "narrow", now);
    await tx.scopeApproval.deleteMany({ where: { scope: { in: [...names] } } });
    if (target.scopeId) await tx.apiScope.delete({ where: { id: target.scopeId } });
    else await tx.registeredApi.delete({ where: { id: target.apiId } });
    await bumpCatalogueVersion(tx);
    return impact;
  });
}

/** Whether the secret with this digest is still one of the API's (not revoked since it was shown). */
export async function hasApiSecret(apiId: string, secretDigest: string): Promise<boolean> {
  return (await db().apiSecret.count({ where: { apiId, digest: secretDigest } })) === 1;
}
