import { db } from "@/lib/db/client";
import { placeholders, type Tx, type TxBody } from "@/lib/db/sql/driver";

/** Restricted-scope requests of apps and operators' decisions on them. */

export const APPROVAL_STATUSES = ["pending", "approved", "denied", "revoked"] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export type ApprovalRow = {
  id: string;
  applicationId: string;
  scope: string;
  status: string;
  reason: string;
  note: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export function listApprovalsOf(applicationId: string): Promise<ApprovalRow[]> {
  return db().scopeApproval.findMany({ where: { applicationId }, orderBy: { scope: "asc" } });
}

/**
 * A request for the scope: new, or again after a denial or revocation (with the new reason).
 * False when one is already pending or approved.
 */
export async function requestApproval(applicationId: string, scope: string, reason: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const existing = await tx.scopeApproval.findUnique({ where: { applicationId_scope: { applicationId, scope } } });
    if (existing && (existing.status === "pending" || existing.status === "approved")) return false;
    if (existing) {
      await tx.scopeApproval.update({ where: { id: existing.id }, data: { status: "pending", reason, note: null, decidedBy: null, decidedAt: null } });
    } else {
      await tx.scopeApproval.create({ data: { applicationId, scope, status: "pending", reason } });
    }
    return true;
  });
}

const withApp = {
  application: { select: { id: true, name: true, clientId: true, ownerId: true, owner: { select: { email: true } } } },
} as const;

export function listApprovalsWithStatus(status: ApprovalStatus) {
  return db().scopeApproval.findMany({ where: { status }, orderBy: { updatedAt: "asc" }, include: withApp });
}
export type ApprovalWithApp = Awaited<ReturnType<typeof listApprovalsWithStatus>>[number];

export function findApproval(id: string) {
  return db().scopeApproval.findUnique({ where: { id }, include: withApp });
}

/** Decides a pending request; false when it is no longer pending (decided by someone else meanwhile). */
export async function decideApproval(id: string, status: "approved" | "denied", note: string | null, decidedBy: string, at: Date): Promise<boolean> {
  const { count } = await db().scopeApproval.updateMany({ where: { id, status: "pending" }, data: { status, note, decidedBy, decidedAt: at } });
  return count === 1;
}

/** Marks an approved scope revoked; false when it is not approved (revoked or never decided meanwhile). */
export function* markApprovalRevoked(tx: Tx, id: string, note: string | null, decidedBy: string, at: Date): TxBody<boolean> {
  const changed = yield* tx.run(
    `UPDATE "ScopeApproval" SET "status" = 'revoked', "note" = ?, "decidedBy" = ?, "decidedAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "status" = 'approved'`,
    [note, decidedBy, tx.date(at), tx.date(at), id],
  );
  return changed === 1;
}

/** Forgets every request and decision for these scope names (they leave the catalogue, or come into it anew). */
export function* deleteApprovalsOfScopes(tx: Tx, names: readonly string[]): TxBody<void> {
  if (names.length === 0) return;
  yield* tx.run(`DELETE FROM "ScopeApproval" WHERE "scope" IN (${placeholders(names.length)})`, [...names]);
}
