import { toSecretSummary, type NewSecret, type SecretSummary } from "@/lib/db/applications";
import { sqlDatabase } from "@/lib/db/sql/database";
import { readDate, type Tx, type TxBody } from "@/lib/db/sql/driver";
import { newRecordId } from "@/lib/db/sql/record-id";
import { normalizeResourceUri } from "@/lib/oauth/resource-indicators";
import type { RegisteredScope } from "@/lib/oauth/scopes";
import type { HotPath } from "@/lib/db/sql/hot-path";
import type { ApiStore } from "@/lib/oauth/storage";

/**
 * Registered APIs with their scopes and secrets: the only code that writes RegisteredApi,
 * ApiScope, ApiSecret and CatalogueVersion. Every change to an API's scopes bumps the catalogue
 * version in the same transaction, so every instance reloads its scope catalogue.
 */

/** Every change to the registered scopes bumps it, in the change's transaction: every instance then reloads its catalogue. */
export function* bumpCatalogueVersion(tx: Tx): TxBody<void> {
  yield* tx.run(`INSERT INTO "CatalogueVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "CatalogueVersion"."version" + 1`, []);
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
  const [row] = await sqlDatabase().all(`SELECT "version" FROM "CatalogueVersion" WHERE "id" = 1`, []);
  return row ? Number(row.version) : 0;
}

export async function listRegisteredScopes(): Promise<RegisteredScope[]> {
  const rows = await sqlDatabase().all(
    `SELECT s."name", s."description", s."personalData", s."restricted", a."identifier" FROM "ApiScope" s JOIN "RegisteredApi" a ON a."id" = s."apiId" ORDER BY a."name", s."name"`,
    [],
  );
  return rows.map((row) => ({ name: String(row.name), description: String(row.description), personalData: Boolean(row.personalData), restricted: Boolean(row.restricted), api: normalizeResourceUri(String(row.identifier)) ?? String(row.identifier) }));
}

export type ApiSummary = { id: string; apiId: string; name: string; identifier: string; scopeCount: number; createdAt: Date };

export async function listApis(): Promise<ApiSummary[]> {
  const rows = await sqlDatabase().all(
    `SELECT a."id", a."apiId", a."name", a."identifier", a."createdAt", (SELECT COUNT(*) FROM "ApiScope" s WHERE s."apiId" = a."id") AS "scopeCount"
     FROM "RegisteredApi" a ORDER BY a."name", a."id"`,
    [],
  );
  return rows.map((row) => ({
    id: String(row.id),
    apiId: String(row.apiId),
    name: String(row.name),
    identifier: String(row.identifier),
    scopeCount: Number(row.scopeCount),
    createdAt: readDate(row.createdAt),
  }));
}

export type ApiRow = {
  id: string;
  apiId: string;
  name: string;
  identifier: string;
  createdAt: Date;
  /** By name. */
  scopes: { id: string; name: string; description: string; personalData: boolean; restricted: boolean }[];
  /** Oldest first. */
  secrets: SecretSummary[];
};

/** The API with its scopes and secrets, in one snapshot; null when there is none. */
export function findApiRow(id: string): Promise<ApiRow | null> {
  return sqlDatabase().transaction(
    function* (tx) {
      const [api] = yield* tx.all(`SELECT "id", "apiId", "name", "identifier", "createdAt" FROM "RegisteredApi" WHERE "id" = ?`, [id]);
      if (!api) return null;
      const scopes = yield* tx.all(`SELECT "id", "name", "description", "personalData", "restricted" FROM "ApiScope" WHERE "apiId" = ? ORDER BY "name"`, [id]);
      const secrets = yield* tx.all(`SELECT "id", "prefix", "lastFour", "createdAt", "lastUsedAt" FROM "ApiSecret" WHERE "apiId" = ? ORDER BY "createdAt", "id"`, [id]);
      return {
        id: String(api.id),
        apiId: String(api.apiId),
        name: String(api.name),
        identifier: String(api.identifier),
        createdAt: readDate(api.createdAt),
        scopes: scopes.map((row) => ({
          id: String(row.id),
          name: String(row.name),
          description: String(row.description),
          personalData: Boolean(row.personalData),
          restricted: Boolean(row.restricted),
        })),
        secrets: secrets.map(toSecretSummary),
      };
    },
    { readOnly: true },
  );
}

function* insertApiSecret(tx: Tx, apiId: string, secret: NewSecret, at: Date): TxBody<void> {
  yield* tx.run(`INSERT INTO "ApiSecret" ("id", "apiId", "digest", "prefix", "lastFour", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`, [
    newRecordId(),
    apiId,
    secret.digest,
    secret.prefix,
    secret.lastFour,
    tx.date(at),
  ]);
}

export function insertApi(data: { apiId: string; name: string; identifier: string; secret: NewSecret }): Promise<{ id: string; apiId: string }> {
  const id = newRecordId();
  return sqlDatabase().transaction(function* (tx) {
    const now = new Date();
    yield* tx.run(`INSERT INTO "RegisteredApi" ("id", "apiId", "name", "identifier", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`, [
      id,
      data.apiId,
      data.name,
      data.identifier,
      tx.date(now),
      tx.date(now),
    ]);
    yield* insertApiSecret(tx, id, data.secret, now);
    return { id, apiId: data.apiId };
  });
}

/** Marks a scope restricted or not, and bumps the catalogue version with it; false when the API has no such scope. */
export function updateScopeRestricted(apiId: string, scopeId: string, restricted: boolean): Promise<boolean> {
  return sqlDatabase().transaction(function* (tx) {
    const changed = yield* tx.run(`UPDATE "ApiScope" SET "restricted" = ? WHERE "id" = ? AND "apiId" = ?`, [tx.bool(restricted), scopeId, apiId]);
    if (changed === 1) yield* bumpCatalogueVersion(tx);
    return changed === 1;
  });
}

/** Adds a secret unless the API already has `max` (the API row is written first, so concurrent calls queue). */
export function insertApiSecretIfRoom(apiId: string, secret: NewSecret, max: number): Promise<"ok" | "not_found" | "full"> {
  return sqlDatabase().transaction(function* (tx) {
    const now = new Date();
    if ((yield* tx.run(`UPDATE "RegisteredApi" SET "updatedAt" = ? WHERE "id" = ?`, [tx.date(now), apiId])) === 0) return "not_found";
    const [{ n }] = (yield* tx.all(`SELECT COUNT(*) AS "n" FROM "ApiSecret" WHERE "apiId" = ?`, [apiId])) as [{ n: unknown }];
    if (Number(n) >= max) return "full";
    yield* insertApiSecret(tx, apiId, secret, now);
    return "ok";
  });
}

export function deleteApiSecret(apiId: string, secretId: string): Promise<boolean> {
  return sqlDatabase().transaction(function* (tx) {
    return (yield* tx.run(`DELETE FROM "ApiSecret" WHERE "id" = ? AND "apiId" = ?`, [secretId, apiId])) === 1;
  });
}

/** Whether the secret with this digest is still one of the API's (not revoked since it was shown). */
export async function hasApiSecret(apiId: string, secretDigest: string): Promise<boolean> {
  return (await sqlDatabase().all(`SELECT 1 AS "found" FROM "ApiSecret" WHERE "apiId" = ? AND "digest" = ?`, [apiId, secretDigest])).length === 1;
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
