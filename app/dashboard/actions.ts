"use server";

import { revalidatePath } from "next/cache";
import { notFound } from "next/navigation";
import {
  createApplication,
  createClientSecret,
  deleteApplication,
  NotFoundError,
  revokeAllUserTokens,
  revokeClientSecret,
  updateApplication,
  type DeleteResult,
  type ApplicationFormResult,
  type NewSecretResult,
} from "@/lib/apps/applications";
import { requestRestrictedScope } from "@/lib/apps/restricted-scopes";
import { requireUser } from "@/lib/auth/session";
import type { FormResult } from "@/lib/form-result";

/** Server actions of the dashboard: who is signed in, one lib call, revalidate. Ownership is checked in lib/apps. */

async function asDeveloper<T>(work: (ownerId: string) => Promise<T>): Promise<T> {
  const user = await requireUser("/dashboard");
  try {
    return await work(user.id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

function applicationInput(form: FormData) {
  return {
    name: form.get("name"),
    description: form.get("description"),
    homepageUrl: form.get("homepageUrl"),
    privacyPolicyUrl: form.get("privacyPolicyUrl"),
    termsUrl: form.get("termsUrl"),
    clientType: form.get("clientType"),
    redirectUris: form.getAll("redirectUris"),
  };
}

export async function createApplicationAction(form: FormData): Promise<ApplicationFormResult<{ id: string; clientId: string; clientSecret: string | null }>> {
  const result = await asDeveloper((ownerId) => createApplication(ownerId, applicationInput(form)));
  if (result.ok) revalidatePath("/dashboard");
  return result;
}

export async function updateApplicationAction(form: FormData): Promise<ApplicationFormResult<object>> {
  const id = form.get("appId");
  const result = await asDeveloper((ownerId) => updateApplication(ownerId, id, applicationInput(form)));
  if (result.ok) revalidatePath(`/dashboard/apps/${String(id)}`);
  return result;
}

export async function createSecretAction(form: FormData): Promise<{ ok: true; secret: string } | { ok: false; error: string }> {
  const id = form.get("appId");
  const result: NewSecretResult = await asDeveloper((ownerId) => createClientSecret(ownerId, id));
  revalidatePath(`/dashboard/apps/${String(id)}`);
  return result.ok ? { ok: true, secret: result.clientSecret } : result;
}

export async function revokeSecretAction(form: FormData): Promise<void> {
  const id = form.get("appId");
  await asDeveloper((ownerId) => revokeClientSecret(ownerId, id, form.get("secretId")));
  revalidatePath(`/dashboard/apps/${String(id)}`);
}

export async function revokeAllTokensAction(form: FormData): Promise<{ usersAffected: number }> {
  const id = form.get("appId");
  const result = await asDeveloper((ownerId) => revokeAllUserTokens(ownerId, id));
  revalidatePath(`/dashboard/apps/${String(id)}`);
  return result;
}

export async function deleteApplicationAction(form: FormData): Promise<DeleteResult> {
  const result = await asDeveloper((ownerId) => deleteApplication(ownerId, form.get("appId"), form.get("confirmName")));
  if (result.ok) revalidatePath("/dashboard");
  return result;
}

export async function requestScopeAction(form: FormData): Promise<FormResult> {
  const id = form.get("appId");
  const result = await asDeveloper((ownerId) => requestRestrictedScope(ownerId, id, { scope: form.get("scope"), reason: form.get("reason") }));
  if (result.ok) revalidatePath(`/dashboard/apps/${String(id)}`);
  return result;
}
