import { sqlDatabase } from "@/lib/db/sql/database";
import { placeholders, readDate, readOptionalDate, readOptionalText, type Row, type Tx, type TxBody } from "@/lib/db/sql/driver";
import { newRecordId } from "@/lib/db/sql/record-id";
import { lockUser } from "@/lib/db/users";
import type { HotPath } from "@/lib/db/sql/hot-path";
import type { PersonalKeyStore } from "@/lib/oauth/storage";

/** Personal API keys: the only code that writes PersonalKey. Every query behind the account page filters by the user. */

export type PersonalKeyRow = { id: string; name: string; prefix: string; lastFour: string; scope: string; expiresAt: Date | null; lastUsedAt: Date | null; createdAt: Date };

const toKeyRow = (row: Row): PersonalKeyRow => ({
  id: String(row.id),
  name: String(row.name),
  prefix: String(row.prefix),
  lastFour: String(row.lastFour),
  scope: String(row.scope),
  expiresAt: readOptionalDate(row.expiresAt),
  lastUsedAt: readOptionalDate(row.lastUsedAt),
  createdAt: readDate(row.createdAt),
});

export async function listPersonalKeysOf(userId: string): Promise<PersonalKeyRow[]> {
  const rows = await sqlDatabase().all(
    `SELECT "id", "name", "prefix", "lastFour", "scope", "expiresAt", "lastUsedAt", "createdAt" FROM "PersonalKey" WHERE "userId" = ? ORDER BY "createdAt" DESC, "id" DESC`,
    [userId],
  );
  return rows.map(toKeyRow);
}

/** Stores a key unless the user already has `max` (the user row is written first, so concurrent calls queue). */
export function insertPersonalKeyIfRoom(
  userId: string,
  key: { name: string; digest: string; prefix: string; lastFour: string; scope: string; expiresAt: Date | null },
  max: number,
): Promise<boolean> {
  return sqlDatabase().transaction(function* (tx) {
    const now = new Date();
    if (!(yield* lockUser(tx, userId, now))) return false;
    const [{ n }] = (yield* tx.all(`SELECT COUNT(*) AS "n" FROM "PersonalKey" WHERE "userId" = ?`, [userId])) as [{ n: unknown }];
    if (Number(n) >= max) return false;
    yield* tx.run(
      `INSERT INTO "PersonalKey" ("id", "userId", "name", "digest", "prefix", "lastFour", "scope", "expiresAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [newRecordId(), userId, key.name, key.digest, key.prefix, key.lastFour, key.scope, key.expiresAt && tx.date(key.expiresAt), tx.date(now)],
    );
    return true;
  });
}

export function deletePersonalKey(userId: string, id: string): Promise<boolean> {
  return sqlDatabase().autocommit(function* (tx) {
    return (yield* tx.run(`DELETE FROM "PersonalKey" WHERE "id" = ? AND "userId" = ?`, [id, userId])) === 1;
  });
}

/** Whether the key with this digest is still one of the user's (not revoked since it was shown). */
export async function hasPersonalKey(userId: string, keyDigest: string): Promise<boolean> {
  return (await sqlDatabase().all(`SELECT 1 AS "found" FROM "PersonalKey" WHERE "userId" = ? AND "digest" = ?`, [userId, keyDigest])).length === 1;
}

/** Personal keys are listed as expired for this long after their expiry, then forgotten. */
export const EXPIRED_KEY_GRACE_MS = 30 * 86400_000;

/** Forgets keys past their expiry's grace (pruning). */
export function pruneExpiredKeys(now: Date): Promise<number> {
  return sqlDatabase().autocommit(function* (tx) {
    return yield* tx.run(`DELETE FROM "PersonalKey" WHERE "expiresAt" < ?`, [tx.date(new Date(now.getTime() - EXPIRED_KEY_GRACE_MS))]);
  });
}

/** Revokes keys (a key has no revocation flag: it is deleted), in the caller's transaction. */
export function* deletePersonalKeys(tx: Tx, ids: readonly string[]): TxBody<void> {
  if (ids.length === 0) return;
  yield* tx.run(`DELETE FROM "PersonalKey" WHERE "id" IN (${placeholders(ids.length)})`, [...ids]);
}

/** Keys that keep a narrower scope: one statement per new scope. */
export function* narrowPersonalKeys(tx: Tx, byScope: ReadonlyMap<string, readonly string[]>): TxBody<void> {
  for (const [scope, ids] of byScope) yield* tx.run(`UPDATE "PersonalKey" SET "scope" = ? WHERE "id" IN (${placeholders(ids.length)})`, [scope, ...ids]);
}

/** Records when a personal key was last used (the hot path writes it at most once a minute). */
export function* personalKeyUsed(tx: Tx, id: string, at: Date): TxBody<void> {
  yield* tx.run(`UPDATE "PersonalKey" SET "lastUsedAt" = ? WHERE "id" = ?`, [tx.date(at), id]);
}

/** Personal keys as the resource endpoints find them (never kept: a revoked key fails at once), and their use. */
export function personalKeyStore({ sql, markUsed }: HotPath): PersonalKeyStore {
  return {
    async findPersonalKey(digest) {
      const [row] = await sql.all(`SELECT "id", "userId", "scope", "audience", "createdAt", "expiresAt" FROM "PersonalKey" WHERE "digest" = ?`, [digest]);
      if (!row) return null;
      return { id: String(row.id), userId: String(row.userId), scope: String(row.scope), audience: readOptionalText(row.audience), createdAt: readDate(row.createdAt), expiresAt: readOptionalDate(row.expiresAt) };
    },
    markPersonalKeyUsed: (id, at) => markUsed(personalKeyUsed, id, at),
  };
}
