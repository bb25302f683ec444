import { db } from "@/lib/db/client";

/** Roles and the operators' audit trail. */

export { ROLES, setRoleByEmail, type Role } from "@/lib/db/users";
import type { Role } from "@/lib/db/users";

export async function findUserRole(userId: string): Promise<Role | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { role: true } });
  return user ? (user.role === "operator" ? "operator" : "user") : null;
}


export type OperatorActionEntry = { id: string; actorEmail: string; action: string; subject: string; detail: string | null; createdAt: Date };

/** Records what an operator did; returns the entry's id. */
export async function insertOperatorAction(entry: { operatorId: string | null; actorEmail: string; action: string; subject: string; detail?: string | null }): Promise<string> {
  const row = await db().operatorAction.create({ data: { ...entry, detail: entry.detail ?? null }, select: { id: true } });
  return row.id;
}

/** The entry with this id, when that operator made it with that action; else null. */
export function findOwnOperatorAction(operatorId: string, id: string, action: string): Promise<Pick<OperatorActionEntry, "subject" | "detail"> | null> {
  return db().operatorAction.findFirst({ where: { id, operatorId, action }, select: { subject: true, detail: true } });
}

export function listOperatorActions(limit: number): Promise<OperatorActionEntry[]> {
  return db().operatorAction.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, actorEmail: true, action: true, subject: true, detail: true, createdAt: true },
  });
}
