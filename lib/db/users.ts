import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/sqlite/client";
import type { HotPath } from "@/lib/db/sql/hot-path";
import type { UserClaimStore } from "@/lib/oauth/storage";

export const ROLES = ["user", "operator"] as const;
export type Role = (typeof ROLES)[number];

export type UserRecord = {
  id: string;
  email: string;
  name: string;
  username: string;
  passwordHash: string;
  sessionVersion: number;
  /** "user" or "operator" (Role). */
  role: string;
  createdAt: Date;
};

export function findUserByEmail(email: string): Promise<UserRecord | null> {
  return db().user.findUnique({ where: { email } });
}

export function findUserById(id: string): Promise<UserRecord | null> {
  return db().user.findUnique({ where: { id } });
}

/** Usernames equal to base or of the form base-N. */
export async function findUsernamesLike(base: string): Promise<Set<string>> {
  const rows = await db().user.findMany({ where: { username: { startsWith: base } }, select: { username: true } });
  return new Set(rows.map((r) => r.username));
}

export function insertUser(data: { email: string; name: string; username: string; passwordHash: string }): Promise<UserRecord> {
  return db().user.create({ data });
}


export async function updateUserProfile(id: string, data: { name: string; username: string }): Promise<void> {
  await db().user.update({ where: { id }, data });
}

/** Stores the new hash and bumps the session version, ending the user's other browser sessions. */
export async function updateUserPassword(id: string, passwordHash: string): Promise<number> {
  const user = await db().user.update({ where: { id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
  return user.sessionVersion;
}

/** Deletes the user; their apps, grants, codes and tokens go with them (cascade). */
export async function deleteUser(id: string): Promise<void> {
  await db().user.deleteMany({ where: { id } });
}

/** Replaces the hash of the same password (normalized, or with today's parameters): sessions stay. */
export async function replacePasswordHash(id: string, passwordHash: string): Promise<void> {
  await db().user.update({ where: { id }, data: { passwordHash } });
}

/** Bumps the session version: every browser session of the user ends. */
export async function bumpSessionVersion(id: string): Promise<void> {
  await db().user.update({ where: { id }, data: { sessionVersion: { increment: 1 } } });
}

/** Sets the role of the account with this email; null when there is none. */
export async function setRoleByEmail(email: string, role: Role): Promise<{ id: string; previous: Role } | null> {
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, role: true } });
    if (!user) return null;
    await tx.user.update({ where: { id: user.id }, data: { role } });
    return { id: user.id, previous: user.role === "operator" ? "operator" : "user" };
  });
}

/**
 * Writes the user row in the caller's transaction, so that concurrent transactions that count
 * something of the user's (personal keys) queue behind each other instead of both passing.
 */
export async function lockUser(tx: Prisma.TransactionClient, id: string): Promise<void> {
  await tx.user.update({ where: { id }, data: { updatedAt: new Date() } });
}

/** Users' claims as userinfo and introspection give them, kept until they change. */
export function userClaimStore({ sql, cachedUser }: HotPath): UserClaimStore {
  return {
    findUserClaims: (userId) =>
      cachedUser(userId, async () => {
        const [row] = await sql.all<{ id: string; name: string; username: string; email: string }>(`SELECT "id", "name", "username", "email" FROM "User" WHERE "id" = ?`, [userId]);
        return row ? { id: row.id, name: row.name, username: row.username, email: row.email } : null;
      }),
  };
}
