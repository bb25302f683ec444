import { db } from "@/lib/db/client";

export type UserRecord = {
  id: string;
  email: string;
  name: string;
  username: string;
  passwordHash: string;
  sessionVersion: number;
  /** "user" or "operator" (lib/db/operators.ts). */
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
