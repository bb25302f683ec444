"use server";

import { signUp } from "@/lib/auth/accounts";
import type { FormResult } from "@/lib/form-result";

export type SignUpState = FormResult;

/** Creates the account; the form then signs in with the same credentials. */
export async function signUpAction(form: FormData): Promise<SignUpState> {
  const result = await signUp({ email: form.get("email"), name: form.get("name"), password: form.get("password") });
  return result.ok ? { ok: true } : { ok: false, fieldErrors: result.fieldErrors };
}
