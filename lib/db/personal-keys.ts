import { db } from "@/lib/db/client";
import { placeholders, readDate, readOptionalDate, type Tx, type TxBody } from "@/lib/db/sql/driver";
import { lockUser } from "@/lib/db/users";
import type { HotPath } from "@/lib/db/sql/hot-path";
import type { PersonalKeyStore } from "@/lib/oauth/storage";

/** Queries behind the account page's personal API keys. Every one filters by the user. */

export type PersonalKeyRow = { id: string; name: string; prefix: string; lastFour: string; scope: string; expiresAt: Date | null; lastUsedAt: Date | null; createdAt: Date };

export function listPersonalKeysOf(userId: string): Promise<PersonalKeyRow[]> {
  return db().personalKey.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, lastFour: true, scope: true, expiresAt: true, lastUsedAt: true, createdAt: true },
  });
}

/** Stores a key unless the user already has `max` (the user row is written first, so concurrent calls queue). */
export async function insertPersonalKeyIfRoom(
  userId: string,
  key: { name: string; digest: string; prefix: string; lastFour: string; scope: string; expiresAt: Date | null },
  max: number,
): Promise<boolean> {
  return db().$transaction(async (tx) => {
    await lockUser(tx, userId);
    if ((await tx.personalKey.count({ where: { userId } })) >= max) return false;
    await tx.personalKey.create({ data: { userId, ...key } });
    return true;
  });
}

export async function deletePersonalKey(userId: string, id: string): Promise<boolean> {
  const { count } = await db().personalKey.deleteMany({ where: { id, userId } });
  return count === 1;
}

/** Whether the key with this digest is still one of the user's (not revoked since it was shown). */
export async function hasPersonalKey(userId: string, keyDigest: string): Promise<boolean> {
  return (await db().personalKey.count({ where: { userId, digest: keyDigest } })) === 1;
}

/** Personal keys are listed as expired for this long after their expiry, then forgotten. */
export const EXPIRED_KEY_GRACE_MS = 30 * 86400_000;

/** Forgets keys past their expiry's grace (pruning). */
export async function pruneExpiredKeys(now: Date): Promise<number> {
  return (await db().personalKey.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - EXPIRED_KEY_GRACE_MS) } } })).count;
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
      const [row] = await sql.all(`SELECT "id", "userId", "scope", "createdAt", "expiresAt" FROM "PersonalKey" WHERE "digest" = ?`, [digest]);
      if (!row) return null;
      return { id: String(row.id), userId: String(row.userId), scope: String(row.scope), createdAt: readDate(row.createdAt), expiresAt: readOptionalDate(row.expiresAt) };
    },
    markPersonalKeyUsed: (id, at) => markUsed(personalKeyUsed, id, at),
  };
}
