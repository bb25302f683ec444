import { sqlDatabase } from "@/lib/db/sql/database";
import { readDate, readOptionalText } from "@/lib/db/sql/driver";
import { newRecordId } from "@/lib/db/sql/record-id";

/** The operators' audit trail: the only code that writes OperatorAction. Roles are the user's (lib/db/users.ts). */

export { ROLES, findUserRole, setRoleByEmail, type Role } from "@/lib/db/users";

export type OperatorActionEntry = { id: string; actorEmail: string; action: string; subject: string; detail: string | null; createdAt: Date };

/** Records what an operator did; returns the entry's id. */
export async function insertOperatorAction(entry: { operatorId: string | null; actorEmail: string; action: string; subject: string; detail?: string | null }): Promise<string> {
  const id = newRecordId();
  await sqlDatabase().autocommit(function* (tx) {
    yield* tx.run(`INSERT INTO "OperatorAction" ("id", "operatorId", "actorEmail", "action", "subject", "detail", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`, [
      id,
      entry.operatorId,
      entry.actorEmail,
      entry.action,
      entry.subject,
      entry.detail ?? null,
      tx.date(new Date()),
    ]);
  });
  return id;
}

/** The entry with this id, when that operator made it with that action; else null. */
export async function findOwnOperatorAction(operatorId: string, id: string, action: string): Promise<Pick<OperatorActionEntry, "subject" | "detail"> | null> {
  const [row] = await sqlDatabase().all(`SELECT "subject", "detail" FROM "OperatorAction" WHERE "id" = ? AND "operatorId" = ? AND "action" = ?`, [id, operatorId, action]);
  return row ? { subject: String(row.subject), detail: readOptionalText(row.detail) } : null;
}

export async function listOperatorActions(limit: number): Promise<OperatorActionEntry[]> {
  const rows = await sqlDatabase().all(
    `SELECT "id", "actorEmail", "action", "subject", "detail", "createdAt" FROM "OperatorAction" ORDER BY "createdAt" DESC, "id" DESC LIMIT ?`,
    [limit],
  );
  return rows.map((row) => ({
    id: String(row.id),
    actorEmail: String(row.actorEmail),
    action: String(row.action),
    subject: String(row.subject),
    detail: readOptionalText(row.detail),
    createdAt: readDate(row.createdAt),
  }));
}
