import { z } from "zod";
import { hasControlCharacters, hasInvisibleCharacters, INVISIBLE_CHARACTER_MESSAGE, normalizeText } from "@/lib/text";
import { recordIdSchema } from "@/lib/apps/schemas";
import type { SessionUser } from "@/lib/auth/session";
import { insertOperatorAction } from "@/lib/db/operators";
import { decideApproval, findApproval, listApprovalsWithStatus, markApprovalRevoked, type ApprovalWithApp } from "@/lib/db/scope-approvals";
import { findScopeCarriers, writeScopeWithdrawal } from "@/lib/db/scope-withdrawal";
import { sqlDatabase } from "@/lib/db/sql/database";
import { planWithdrawal, WITHDRAWAL_ISOLATION } from "@/lib/operator/scope-withdrawal";

/** Operators' decisions on restricted-scope requests. Every one is recorded. */

export type { ApprovalWithApp };

export type DecisionResult = { ok: true; usersAffected?: number } | { ok: false; error: string };

const noteSchema = z
  .string()
  .trim()
  .max(500, "Use at most 500 characters for the note")
  .refine((s) => !hasControlCharacters(s, { lineBreaks: true }), "The note cannot contain control characters")
  .refine((s) => !hasInvisibleCharacters(s), `The note ${INVISIBLE_CHARACTER_MESSAGE}`)
  .transform(normalizeText)
  .transform((s) => (s === "" ? null : s));

export async function pendingRequests(): Promise<ApprovalWithApp[]> {
  return listApprovalsWithStatus("pending");
}

export async function approvedScopes(): Promise<ApprovalWithApp[]> {
  return listApprovalsWithStatus("approved");
}

async function approvalFor(operator: SessionUser, id: unknown, verb: string): Promise<ApprovalWithApp | { error: string }> {
  const parsed = recordIdSchema.safeParse(id);
  const approval = parsed.success ? await findApproval(parsed.data) : null;
  if (!approval) return { error: "This request no longer exists. Reload the page." };
  // Separation of duties: the one who owns the app cannot approve its own access.
  if (approval.application.ownerId === operator.id) return { error: `You own ${approval.application.name}: another operator must ${verb} this request` };
  return approval;
}

/** Approves or denies a pending request with an optional note the developer sees. */
export async function decideRequest(operator: SessionUser, id: unknown, decision: unknown, rawNote: unknown): Promise<DecisionResult> {
  if (decision !== "approve" && decision !== "deny") return { ok: false, error: "Choose approve or deny" };
  const note = noteSchema.safeParse(typeof rawNote === "string" ? rawNote : "");
  if (!note.success) return { ok: false, error: note.error.issues[0]!.message };
  const approval = await approvalFor(operator, id, decision);
  if ("error" in approval) return { ok: false, error: approval.error };
  const status = decision === "approve" ? "approved" : "denied";
  if (!(await decideApproval(approval.id, status, note.data, operator.email, new Date()))) {
    return { ok: false, error: "This request was already decided. Reload the page." };
  }
  await insertOperatorAction({
    operatorId: operator.id,
    actorEmail: operator.email,
    action: decision === "approve" ? "scope.approve" : "scope.deny",
    subject: approval.scope,
    detail: `${approval.application.name} (${approval.application.clientId})${note.data ? `: ${note.data}` : ""}`,
  });
  return { ok: true };
}

/**
 * Revokes an approval: no new grants of the scope for the app, the scope leaves its grants,
 * and its live authorizations that carry the scope end (users approve again for the rest).
 */
export async function revokeRequestApproval(operator: SessionUser, id: unknown, rawNote: unknown): Promise<DecisionResult> {
  const note = noteSchema.safeParse(typeof rawNote === "string" ? rawNote : "");
  if (!note.success) return { ok: false, error: note.error.issues[0]!.message };
  const parsed = recordIdSchema.safeParse(id);
  const approval = parsed.success ? await findApproval(parsed.data) : null;
  if (!approval) return { ok: false, error: "This approval no longer exists. Reload the page." };
  const outcome = await revokeApproval(approval, note.data, operator.email, new Date());
  if (!outcome) return { ok: false, error: "This scope is no longer approved for the app. Reload the page." };
  await insertOperatorAction({
    operatorId: operator.id,
    actorEmail: operator.email,
    action: "scope.approval.revoke",
    subject: approval.scope,
    detail: `${approval.application.name} (${approval.application.clientId}); ${outcome.usersAffected} ${outcome.usersAffected === 1 ? "user" : "users"} affected`,
  });
  return { ok: true, usersAffected: outcome.usersAffected };
}

/**
 * Revokes an approval, in one transaction: no new grant of the scope for the app, the scope
 * leaves the app's stored grants, open consent requests and unused codes, and the app's live
 * token families that carry it end (users authorize again for the rest). Returns how many users
 * lost access, or null when it was not approved.
 */
function revokeApproval(approval: { id: string; scope: string; applicationId: string }, note: string | null, decidedBy: string, at: Date): Promise<{ usersAffected: number } | null> {
  return sqlDatabase().transaction(function* (tx) {
    if (!(yield* markApprovalRevoked(tx, approval.id, note, decidedBy, at))) return null;
    const plan = planWithdrawal(yield* findScopeCarriers(tx, new Set([approval.scope]), at, approval.applicationId), "end");
    yield* writeScopeWithdrawal(tx, plan, at);
    return { usersAffected: plan.impact.usersAffected };
  }, WITHDRAWAL_ISOLATION);
}
