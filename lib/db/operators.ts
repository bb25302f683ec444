import { db } from "@/lib/db/client";

/** Roles and the operators' audit trail. */

export const ROLES = ["user", "operator"] as const;
export type Role = (typeof ROLES)[number];

export async function findUserRole(userId: string): Promise<Role | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { role: true } });
  return user ? (user.role === "operator" ? "operator" : "user") : null;
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
