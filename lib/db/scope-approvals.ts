import { sqlDatabase } from "@/lib/db/sql/database";
import { placeholders, readDate, readOptionalDate, readOptionalText, type Row, type Tx, type TxBody } from "@/lib/db/sql/driver";
import { newRecordId } from "@/lib/db/sql/record-id";

/** Restricted-scope requests of apps and operators' decisions on them: the only code that writes ScopeApproval. */

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

const APPROVAL_COLUMNS = `s."id", s."applicationId", s."scope", s."status", s."reason", s."note", s."decidedBy", s."decidedAt", s."createdAt", s."updatedAt"`;

const toApproval = (row: Row): ApprovalRow => ({
  id: String(row.id),
  applicationId: String(row.applicationId),
  scope: String(row.scope),
  status: String(row.status),
  reason: String(row.reason),
  note: readOptionalText(row.note),
  decidedBy: readOptionalText(row.decidedBy),
  decidedAt: readOptionalDate(row.decidedAt),
  createdAt: readDate(row.createdAt),
  updatedAt: readDate(row.updatedAt),
});

export async function listApprovalsOf(applicationId: string): Promise<ApprovalRow[]> {
  const rows = await sqlDatabase().all(`SELECT ${APPROVAL_COLUMNS} FROM "ScopeApproval" s WHERE s."applicationId" = ? ORDER BY s."scope"`, [applicationId]);
  return rows.map(toApproval);
}

/**
 * A request for the scope: new, or again after a denial or revocation (with the new reason).
 * False when one is already pending or approved.
 */
export function requestApproval(applicationId: string, scope: string, reason: string): Promise<boolean> {
  return sqlDatabase().transaction(function* (tx) {
    const now = tx.date(new Date());
    // A new request, or the unique (applicationId, scope) row back to pending unless it is pending or approved: one statement either way.
    const changed = yield* tx.run(
      `INSERT INTO "ScopeApproval" ("id", "applicationId", "scope", "status", "reason", "createdAt", "updatedAt") VALUES (?, ?, ?, 'pending', ?, ?, ?)
       ON CONFLICT ("applicationId", "scope") DO UPDATE SET "status" = 'pending', "reason" = excluded."reason", "note" = NULL, "decidedBy" = NULL, "decidedAt" = NULL, "updatedAt" = excluded."updatedAt"
       WHERE "ScopeApproval"."status" NOT IN ('pending', 'approved')`,
      [newRecordId(), applicationId, scope, reason, now, now],
    );
    return changed === 1;
  });
}

export type ApprovalWithApp = ApprovalRow & { application: { id: string; name: string; clientId: string; ownerId: string; owner: { email: string } } };

const WITH_APP = `SELECT ${APPROVAL_COLUMNS}, a."name" AS "appName", a."clientId", a."ownerId", o."email" AS "ownerEmail"
  FROM "ScopeApproval" s JOIN "Application" a ON a."id" = s."applicationId" JOIN "User" o ON o."id" = a."ownerId"`;

const toApprovalWithApp = (row: Row): ApprovalWithApp => ({
  ...toApproval(row),
  application: { id: String(row.applicationId), name: String(row.appName), clientId: String(row.clientId), ownerId: String(row.ownerId), owner: { email: String(row.ownerEmail) } },
});

export async function listApprovalsWithStatus(status: ApprovalStatus): Promise<ApprovalWithApp[]> {
  const rows = await sqlDatabase().all(`${WITH_APP} WHERE s."status" = ? ORDER BY s."updatedAt", s."id"`, [status]);
  return rows.map(toApprovalWithApp);
}

export async function findApproval(id: string): Promise<ApprovalWithApp | null> {
  const [row] = await sqlDatabase().all(`${WITH_APP} WHERE s."id" = ?`, [id]);
  return row ? toApprovalWithApp(row) : null;
}

/** Decides a pending request; false when it is no longer pending (decided by someone else meanwhile). */
export function decideApproval(id: string, status: "approved" | "denied", note: string | null, decidedBy: string, at: Date): Promise<boolean> {
  return sqlDatabase().transaction(function* (tx) {
    const changed = yield* tx.run(`UPDATE "ScopeApproval" SET "status" = ?, "note" = ?, "decidedBy" = ?, "decidedAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "status" = 'pending'`, [
      status,
      note,
      decidedBy,
      tx.date(at),
      tx.date(at),
      id,
    ]);
    return changed === 1;
  });
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
