"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { revokeAuthorization } from "@/lib/account/authorized-apps";
import { createPersonalKey, PERSONAL_KEYS_PAGE, revokePersonalKey, type NewKeyResult } from "@/lib/account/personal-keys";
import { changePassword, deleteAccount, signOutEverywhere, updateProfile, type SettingsResult } from "@/lib/auth/account-settings";
import { reissueSession, requireUser } from "@/lib/auth/session";
import { unlessBusy } from "@/lib/auth/password";
import { checkAccountAction } from "@/lib/auth/throttle";
import type { FormResult } from "@/lib/form-result";
import { forgetNewSecret, holdNewSecret } from "@/lib/once-shown-secret";
import { clientIpOf } from "@/lib/rate-limit/server";
import { currentScopeCatalogue } from "@/lib/scope-catalogue";

/** The account-change budgets (per address and per account): a refusal as the form's error, or null. */
async function throttled(userId: string): Promise<{ ok: false; fieldErrors: { form: string } } | null> {
  const refused = await checkAccountAction(clientIpOf(await headers()), userId);
  return refused ? { ok: false, fieldErrors: { form: refused.message } } : null;
}

/** Server actions of /account: who is signed in, one lib call, revalidate. */

export async function revokeAuthorizationAction(form: FormData): Promise<{ ok: boolean }> {
  const user = await requireUser("/account");
  const ok = await revokeAuthorization(user.id, form.get("grantId"));
  revalidatePath("/account");
  return { ok };
}

export async function updateProfileAction(form: FormData): Promise<SettingsResult> {
  const user = await requireUser("/account");
  const result = await updateProfile(user.id, { name: form.get("name"), username: form.get("username") });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function changePasswordAction(form: FormData): Promise<SettingsResult> {
  const user = await requireUser("/account");
  const refused = await throttled(user.id);
  if (refused) return refused;
  const result = await unlessBusy(() => changePassword(user.id, { currentPassword: form.get("currentPassword"), newPassword: form.get("newPassword") }));
  if (!result.ok) return result;
  await reissueSession(result.sessionVersion);
  return { ok: true };
}

export async function deleteAccountAction(form: FormData): Promise<SettingsResult> {
  const user = await requireUser("/account");
  const refused = await throttled(user.id);
  if (refused) return refused;
  return unlessBusy(() => deleteAccount(user.id, { password: form.get("password") }));
}

/** Creates the key; it waits on the account page, encrypted, until the user confirms they stored it. */
export async function createPersonalKeyAction(form: FormData): Promise<FormResult> {
  const user = await requireUser("/account");
  const refused = await throttled(user.id);
  if (refused) return refused;
  const input = { name: form.get("name"), scopes: form.getAll("scopes"), expiry: form.get("expiry") };
  const result: NewKeyResult = await createPersonalKey(user.id, input, await currentScopeCatalogue());
  if (!result.ok) return result;
  await holdNewSecret(PERSONAL_KEYS_PAGE, user.id, result.key);
  revalidatePath("/account");
  return { ok: true };
}

export async function confirmPersonalKeyStoredAction(): Promise<void> {
  await requireUser("/account");
  await forgetNewSecret(PERSONAL_KEYS_PAGE);
  revalidatePath("/account");
}

export async function revokePersonalKeyAction(form: FormData): Promise<{ ok: boolean }> {
  const user = await requireUser("/account");
  const ok = await revokePersonalKey(user.id, form.get("keyId"));
  revalidatePath("/account");
  return { ok };
}

/** Ends every browser session of the account, this one included (the form then signs out here). */
export async function signOutEverywhereAction(): Promise<SettingsResult> {
  const user = await requireUser("/account");
  await signOutEverywhere(user.id);
  return { ok: true };
}
