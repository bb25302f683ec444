import { db } from "@/lib/db/client";
import type { Tx, TxBody } from "@/lib/db/sql/driver";
import { newRecordId } from "@/lib/db/sql/record-id";
import type { Prisma } from "@/lib/generated/sqlite/client";
import type { RegisteredScope } from "@/lib/oauth/scopes";
import type { HotPath } from "@/lib/db/sql/hot-path";
import type { ApiStore } from "@/lib/oauth/storage";

/**
 * Queries behind the operator console's registered APIs. Every change to an API's scopes bumps
 * the catalogue version in the same transaction, so every instance reloads its scope catalogue.
 */

/** Every change to the registered scopes bumps it, in the change's transaction: every instance then reloads its catalogue. */
export function* bumpCatalogueVersion(tx: Tx): TxBody<void> {
  yield* tx.run(`INSERT INTO "CatalogueVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "CatalogueVersion"."version" + 1`, []);
}

/** The same, on Prisma (the restricted flag is still written there). */
async function bumpCatalogueVersionOnPrisma(tx: Prisma.TransactionClient): Promise<void> {
  await tx.catalogueVersion.upsert({ where: { id: 1 }, create: { id: 1, version: 1 }, update: { version: { increment: 1 } } });
}

/** The API's scopes, or null when there is no such API. */
export function* findApiScopes(tx: Tx, apiId: string): TxBody<{ id: string; name: string }[] | null> {
  const [api] = yield* tx.all(`SELECT "id" FROM "RegisteredApi" WHERE "id" = ?`, [apiId]);
  if (!api) return null;
  return yield* tx.all<{ id: string; name: string }>(`SELECT "id", "name" FROM "ApiScope" WHERE "apiId" = ? ORDER BY "name"`, [apiId]);
}

export function* insertApiScope(tx: Tx, apiId: string, scope: Omit<RegisteredScope, "api">, now: Date): TxBody<void> {
  yield* tx.run(`INSERT INTO "ApiScope" ("id", "apiId", "name", "description", "personalData", "restricted", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`, [
    newRecordId(),
    apiId,
    scope.name,
    scope.description,
    tx.bool(scope.personalData),
    tx.bool(scope.restricted),
    tx.date(now),
  ]);
}

export function* deleteApiScope(tx: Tx, scopeId: string): TxBody<void> {
  yield* tx.run(`DELETE FROM "ApiScope" WHERE "id" = ?`, [scopeId]);
}

/** Deletes the API with its scopes and secrets (cascade). */
export function* deleteApi(tx: Tx, apiId: string): TxBody<void> {
  yield* tx.run(`DELETE FROM "RegisteredApi" WHERE "id" = ?`, [apiId]);
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

/** Marks a scope restricted or not; false when the API has no such scope. */
export async function updateScopeRestricted(apiId: string, scopeId: string, restricted: boolean): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.apiScope.updateMany({ where: { id: scopeId, apiId }, data: { restricted } });
    if (count === 1) await bumpCatalogueVersionOnPrisma(tx);
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

/** Whether the secret with this digest is still one of the API's (not revoked since it was shown). */
export async function hasApiSecret(apiId: string, secretDigest: string): Promise<boolean> {
  return (await db().apiSecret.count({ where: { apiId, digest: secretDigest } })) === 1;
}

/** Records when an API secret was last used (the hot path writes it at most once a minute). */
export function* apiSecretUsed(tx: Tx, id: string, at: Date): TxBody<void> {
  yield* tx.run(`UPDATE "ApiSecret" SET "lastUsedAt" = ? WHERE "id" = ?`, [tx.date(at), id]);
}

/** Registered APIs as introspection authenticates them (kept until they change), and their secrets' use. */
export function apiStore({ sql, cached, markUsed }: HotPath): ApiStore {
  return {
    findApi: (apiId) =>
      cached(`api ${apiId}`, async () => {
        const [row] = await sql.all<{ id: string; apiId: string; name: string; identifier: string }>(`SELECT "id", "apiId", "name", "identifier" FROM "RegisteredApi" WHERE "apiId" = ?`, [apiId]);
        return row ? { id: row.id, apiId: row.apiId, name: row.name, identifier: row.identifier } : null;
      }),
    async findApiSecretDigests(id) {
      const secrets = await cached(`api secrets ${id}`, async () => {
        const rows = await sql.all<{ id: string; digest: string }>(`SELECT "id", "digest" FROM "ApiSecret" WHERE "apiId" = ?`, [id]);
        return rows.map(({ id: secretId, digest }) => ({ id: secretId, digest }));
      });
      return secrets ?? [];
    },
    markApiSecretUsed: (secretId, at) => markUsed(apiSecretUsed, secretId, at),
  };
}
