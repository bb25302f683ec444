"use server";

import { revalidatePath } from "next/cache";
import { notFound } from "next/navigation";
import { requireOperator, type SessionUser } from "@/lib/auth/session";
import type { FormResult } from "@/lib/form-result";
import {
  addApiScope,
  ApiNotFoundError,
  apiPage,
  createApiSecret,
  deleteApi,
  deleteApiScope,
  getApi,
  registerApi,
  revokeApiSecret,
  setScopeRestricted,
  type RemovalResult,
  type ScopeRemovalImpact,
} from "@/lib/operator/apis";
import { forgetNewSecret, holdNewSecret } from "@/lib/once-shown-secret";
import { decideRequest, revokeRequestApproval, type DecisionResult } from "@/lib/operator/approvals";

/** Server actions of the operator area: the operator (404 for anyone else), one lib call, revalidate. */

async function asOperator<T>(work: (operator: SessionUser) => Promise<T>): Promise<T> {
  const operator = await requireOperator();
  try {
    return await work(operator);
  } catch (error) {
    if (error instanceof ApiNotFoundError) notFound();
    throw error;
  }
}

const apiPageOf = (form: FormData) => apiPage(String(form.get("apiId")));

/** Registers the API; its first secret waits on the API's page until the operator confirms they stored it. */
export async function registerApiAction(form: FormData): Promise<FormResult<{ id: string }>> {
  const result = await asOperator(async (operator) => {
    const registered = await registerApi(operator, { name: form.get("name"), identifier: form.get("identifier") });
    if (registered.ok) await holdNewSecret(apiPage(registered.id), operator.id, registered.apiSecret);
    return registered;
  });
  if (!result.ok) return result;
  revalidatePath("/operator");
  return { ok: true, id: result.id };
}

export async function addScopeAction(form: FormData): Promise<FormResult> {
  const input = { name: form.get("name"), description: form.get("description"), personalData: form.get("personalData"), restricted: form.get("restricted") };
  const result = await asOperator((operator) => addApiScope(operator, form.get("apiId"), input));
  if (result.ok) revalidatePath(apiPageOf(form));
  return result;
}

export async function deleteScopeAction(form: FormData): Promise<ScopeRemovalImpact> {
  const impact = await asOperator((operator) => deleteApiScope(operator, form.get("apiId"), form.get("scopeId")));
  revalidatePath(apiPageOf(form));
  return impact;
}

export async function createApiSecretAction(form: FormData): Promise<{ ok: true } | { ok: false; error: string }> {
  const result = await asOperator(async (operator) => {
    const created = await createApiSecret(operator, form.get("apiId"));
    if (created.ok) await holdNewSecret(apiPageOf(form), operator.id, created.apiSecret);
    return created;
  });
  revalidatePath(apiPageOf(form));
  return result.ok ? { ok: true } : result;
}

/** The operator stored the new secret: it is not shown again. */
export async function confirmApiSecretStoredAction(form: FormData): Promise<void> {
  const api = await asOperator(() => getApi(form.get("apiId")));
  await forgetNewSecret(apiPage(api.id));
  revalidatePath(apiPageOf(form));
}

export async function revokeApiSecretAction(form: FormData): Promise<void> {
  await asOperator((operator) => revokeApiSecret(operator, form.get("apiId"), form.get("secretId")));
  revalidatePath(apiPageOf(form));
}

export async function deleteApiAction(form: FormData): Promise<RemovalResult> {
  const result = await asOperator((operator) => deleteApi(operator, form.get("apiId"), form.get("confirmIdentifier")));
  if (result.ok) revalidatePath("/operator");
  return result;
}

export async function setScopeRestrictedAction(form: FormData): Promise<void> {
  await asOperator((operator) => setScopeRestricted(operator, form.get("apiId"), form.get("scopeId"), form.get("restricted") === "true"));
  revalidatePath(apiPageOf(form));
}

export async function decideRequestAction(form: FormData): Promise<DecisionResult> {
  const result = await asOperator((operator) => decideRequest(operator, form.get("approvalId"), form.get("decision"), form.get("note")));
  revalidatePath("/operator");
  return result;
}

export async function revokeApprovalAction(form: FormData): Promise<DecisionResult> {
  const result = await asOperator((operator) => revokeRequestApproval(operator, form.get("approvalId"), form.get("note")));
  revalidatePath("/operator");
  return result;
}
