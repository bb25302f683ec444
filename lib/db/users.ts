import { sqlDatabase } from "@/lib/db/sql/database";
import { readDate, type Row, type Tx, type TxBody } from "@/lib/db/sql/driver";
import { newRecordId } from "@/lib/db/sql/record-id";
import type { HotPath } from "@/lib/db/sql/hot-path";
import type { UserClaimStore } from "@/lib/oauth/storage";

/** Users: the only code that writes User. */

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

const USER_COLUMNS = `"id", "email", "name", "username", "passwordHash", "sessionVersion", "role", "createdAt"`;

const toUser = (row: Row): UserRecord => ({
  id: String(row.id),
  email: String(row.email),
  name: String(row.name),
  username: String(row.username),
  passwordHash: String(row.passwordHash),
  sessionVersion: Number(row.sessionVersion),
  role: String(row.role),
  createdAt: readDate(row.createdAt),
});

const toRole = (stored: unknown): Role => (stored === "operator" ? "operator" : "user");

export async function findUserByEmail(email: string): Promise<UserRecord | null> {
  const [row] = await sqlDatabase().all(`SELECT ${USER_COLUMNS} FROM "User" WHERE "email" = ?`, [email]);
  return row ? toUser(row) : null;
}

export async function findUserById(id: string): Promise<UserRecord | null> {
  const [row] = await sqlDatabase().all(`SELECT ${USER_COLUMNS} FROM "User" WHERE "id" = ?`, [id]);
  return row ? toUser(row) : null;
}

export async function findUserRole(userId: string): Promise<Role | null> {
  const [row] = await sqlDatabase().all(`SELECT "role" FROM "User" WHERE "id" = ?`, [userId]);
  return row ? toRole(row.role) : null;
}

/** Usernames equal to base or of the form base-N (base is letters, digits and dashes: no LIKE wildcard in it). */
export async function findUsernamesLike(base: string): Promise<Set<string>> {
  const rows = await sqlDatabase().all<{ username: string }>(`SELECT "username" FROM "User" WHERE "username" = ? OR "username" LIKE ?`, [base, `${base}-%`]);
  return new Set(rows.map((r) => r.username));
}

export function insertUser(data: { email: string; name: string; username: string; passwordHash: string }): Promise<UserRecord> {
  return sqlDatabase().transaction(function* (tx) {
    const now = tx.date(new Date());
    const [row] = yield* tx.all(
      `INSERT INTO "User" ("id", "email", "name", "username", "passwordHash", "sessionVersion", "role", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, 0, 'user', ?, ?) RETURNING ${USER_COLUMNS}`,
      [newRecordId(), data.email, data.name, data.username, data.passwordHash, now, now],
    );
    return toUser(row!);
  });
}

export async function updateUserProfile(id: string, data: { name: string; username: string }): Promise<void> {
  await sqlDatabase().transaction(function* (tx) {
    yield* tx.run(`UPDATE "User" SET "name" = ?, "username" = ?, "updatedAt" = ? WHERE "id" = ?`, [data.name, data.username, tx.date(new Date()), id]);
  });
}

/** Stores the new hash and bumps the session version, ending the user's other browser sessions. Returns the new version. */
export function updateUserPassword(id: string, passwordHash: string): Promise<number> {
  return sqlDatabase().transaction(function* (tx) {
    const [row] = yield* tx.all(`UPDATE "User" SET "passwordHash" = ?, "sessionVersion" = "sessionVersion" + 1, "updatedAt" = ? WHERE "id" = ? RETURNING "sessionVersion"`, [
      passwordHash,
      tx.date(new Date()),
      id,
    ]);
    if (!row) throw new Error("no such user");
    return Number(row.sessionVersion);
  });
}

/** Deletes the user; their apps, grants, codes and tokens go with them (cascade). */
export async function deleteUser(id: string): Promise<void> {
  await sqlDatabase().transaction(function* (tx) {
    yield* tx.run(`DELETE FROM "User" WHERE "id" = ?`, [id]);
  });
}

/** Replaces the hash of the same password (normalized, or with today's parameters): sessions stay. */
export async function replacePasswordHash(id: string, passwordHash: string): Promise<void> {
  await sqlDatabase().transaction(function* (tx) {
    yield* tx.run(`UPDATE "User" SET "passwordHash" = ?, "updatedAt" = ? WHERE "id" = ?`, [passwordHash, tx.date(new Date()), id]);
  });
}

/** Bumps the session version: every browser session of the user ends. */
export async function bumpSessionVersion(id: string): Promise<void> {
  await sqlDatabase().transaction(function* (tx) {
    yield* tx.run(`UPDATE "User" SET "sessionVersion" = "sessionVersion" + 1, "updatedAt" = ? WHERE "id" = ?`, [tx.date(new Date()), id]);
  });
}

/** Sets the role of the account with this email; null when there is none. */
export function setRoleByEmail(email: string, role: Role): Promise<{ id: string; previous: Role } | null> {
  // REPEATABLE READ: the previous role reported is the one the update replaced.
  return sqlDatabase().transaction(
    function* (tx) {
      const [user] = yield* tx.all(`SELECT "id", "role" FROM "User" WHERE "email" = ?`, [email]);
      if (!user) return null;
      yield* tx.run(`UPDATE "User" SET "role" = ?, "updatedAt" = ? WHERE "id" = ?`, [role, tx.date(new Date()), user.id]);
      return { id: String(user.id), previous: toRole(user.role) };
    },
    { isolation: "repeatable read" },
  );
}

/**
 * Writes the user row in the caller's transaction, so that concurrent transactions that count
 * something of the user's (personal keys) queue behind each other instead of both passing
 * (PostgreSQL: the row lock is held to the commit; SQLite: one writer). False when there is no such user.
 */
export function* lockUser(tx: Tx, id: string, at: Date): TxBody<boolean> {
  return (yield* tx.run(`UPDATE "User" SET "updatedAt" = ? WHERE "id" = ?`, [tx.date(at), id])) === 1;
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
