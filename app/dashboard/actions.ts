"use server";

import { revalidatePath } from "next/cache";
import { notFound } from "next/navigation";
import {
  applicationPage,
  createApplication,
  createClientSecret,
  deleteApplication,
  getApplication,
  NotFoundError,
  revokeAllUserTokens,
  revokeClientSecret,
  updateApplication,
  updateOpenIdSettings,
  type DeleteResult,
  type ApplicationFormResult,
  type NewSecretResult,
  type OpenIdSettingsFormResult,
} from "@/lib/apps/applications";
import { requestRestrictedScope } from "@/lib/apps/restricted-scopes";
import { addTestCallback, type AddTestCallbackResult } from "@/lib/apps/test-callback";
import { config } from "@/lib/config/env";
import { forgetNewSecret, holdNewSecret } from "@/lib/once-shown-secret";
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

const appPage = (id: unknown) => applicationPage(String(id));

function applicationInput(form: FormData) {
  return {
    name: form.get("name"),
    description: form.get("description"),
    homepageUrl: form.get("homepageUrl"),
    privacyPolicyUrl: form.get("privacyPolicyUrl"),
    termsUrl: form.get("termsUrl"),
    clientType: form.get("clientType"),
    redirectUris: form.getAll("redirectUris"),
    idTokenAlg: form.get("idTokenAlg"),
    postLogoutRedirectUris: form.getAll("postLogoutRedirectUris"),
  };
}

/** Registers the app; a confidential app's first secret waits on the app's page until the developer confirms they stored it. */
export async function createApplicationAction(form: FormData): Promise<ApplicationFormResult<{ id: string }>> {
  const result = await asDeveloper(async (ownerId) => {
    const created = await createApplication(ownerId, applicationInput(form));
    if (created.ok && created.clientSecret) await holdNewSecret(appPage(created.id), ownerId, created.clientSecret);
    return created;
  });
  if (!result.ok) return result;
  revalidatePath("/dashboard");
  return { ok: true, id: result.id };
}

export async function updateApplicationAction(form: FormData): Promise<ApplicationFormResult<object>> {
  const id = form.get("appId");
  const result = await asDeveloper((ownerId) => updateApplication(ownerId, id, applicationInput(form)));
  if (result.ok) revalidatePath(appPage(id));
  return result;
}

export async function updateOpenIdSettingsAction(form: FormData): Promise<OpenIdSettingsFormResult> {
  const id = form.get("appId");
  const input = { idTokenAlg: form.get("idTokenAlg"), postLogoutRedirectUris: form.getAll("postLogoutRedirectUris") };
  const result = await asDeveloper((ownerId) => updateOpenIdSettings(ownerId, id, input));
  if (result.ok) revalidatePath(appPage(id));
  return result;
}

export async function createSecretAction(form: FormData): Promise<{ ok: true } | { ok: false; error: string }> {
  const id = form.get("appId");
  const result: NewSecretResult = await asDeveloper(async (ownerId) => {
    const created = await createClientSecret(ownerId, id);
    if (created.ok) await holdNewSecret(appPage(id), ownerId, created.clientSecret);
    return created;
  });
  revalidatePath(appPage(id));
  return result.ok ? { ok: true } : result;
}

/** The developer stored the new secret: it is not shown again. */
export async function confirmSecretStoredAction(form: FormData): Promise<void> {
  const id = form.get("appId");
  const app = await asDeveloper((ownerId) => getApplication(ownerId, id));
  await forgetNewSecret(appPage(app.id));
  revalidatePath(appPage(id));
}

export async function addTestCallbackAction(form: FormData): Promise<AddTestCallbackResult> {
  const id = form.get("appId");
  const result = await asDeveloper((ownerId) => addTestCallback(ownerId, id, config().issuer));
  revalidatePath(appPage(id));
  return result;
}

export async function revokeSecretAction(form: FormData): Promise<void> {
  const id = form.get("appId");
  await asDeveloper((ownerId) => revokeClientSecret(ownerId, id, form.get("secretId")));
  revalidatePath(appPage(id));
}

export async function revokeAllTokensAction(form: FormData): Promise<{ usersAffected: number }> {
  const id = form.get("appId");
  const result = await asDeveloper((ownerId) => revokeAllUserTokens(ownerId, id));
  revalidatePath(appPage(id));
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
  if (result.ok) revalidatePath(appPage(id));
  return result;
}
