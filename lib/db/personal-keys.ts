import { db } from "@/lib/db/client";

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
    await tx.user.update({ where: { id: userId }, data: { updatedAt: new Date() } });
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
