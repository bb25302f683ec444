import { checkUserPassword, hashPassword } from "@/lib/auth/password";
import { changePasswordSchema, deleteAccountSchema, profileSchema } from "@/lib/auth/schemas";
import { fieldErrorsOf, type FieldErrors, type FormResult } from "@/lib/form-result";
import { isUniqueViolation } from "@/lib/db/errors";
import { bumpSessionVersion, deleteUser, findUserById, updateUserPassword, updateUserProfile } from "@/lib/db/users";

export type SettingsResult = FormResult;
const SIGNED_OUT = { form: "Your session has ended. Sign in again." };

/** Changes the display name and username; a taken username is a field error. */
export async function updateProfile(userId: string, input: unknown): Promise<SettingsResult> {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  if (!(await findUserById(userId))) return { ok: false, fieldErrors: SIGNED_OUT };
  try {
    await updateUserProfile(userId, parsed.data);
    return { ok: true };
  } catch (error) {
    if (isUniqueViolation(error, "username")) return { ok: false, fieldErrors: { username: "This username is taken. Choose another." } };
    throw error;
  }
}

/**
 * Changes the password after checking the current one. Bumps the session version, which ends
 * every other browser session; OAuth grants and tokens are not browser sessions and stay.
 * Returns the new session version so the current session can be re-issued.
 */
export async function changePassword(userId: string, input: unknown): Promise<FormResult<{ sessionVersion: number }>> {
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const refused = await refuseWrongPassword(userId, parsed.data.currentPassword, "currentPassword", "The current password is incorrect");
  if (refused) return refused;
  return { ok: true, sessionVersion: await updateUserPassword(userId, await hashPassword(parsed.data.newPassword)) };
}

/** Deletes the account after checking the password: its apps, grants and tokens go with it. */
export async function deleteAccount(userId: string, input: unknown): Promise<SettingsResult> {
  const parsed = deleteAccountSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const refused = await refuseWrongPassword(userId, parsed.data.password, "password", "The password is incorrect");
  if (refused) return refused;
  await deleteUser(userId);
  return { ok: true };
}

/** The failure to show when the account is gone or the password is wrong (named on `field`); null when it checks out. */
async function refuseWrongPassword(userId: string, password: string, field: string, wrong: string): Promise<{ ok: false; fieldErrors: FieldErrors } | null> {
  const user = await findUserById(userId);
  if (!user) return { ok: false, fieldErrors: SIGNED_OUT };
  if (!(await checkUserPassword(user.passwordHash, password)).ok) return { ok: false, fieldErrors: { [field]: wrong } };
  return null;
}

/** Ends every browser session of the account: each one's session version is now behind the user's (lib/auth/session.ts). */
export async function signOutEverywhere(userId: string): Promise<void> {
  await bumpSessionVersion(userId);
}
