"use server";

import { headers } from "next/headers";
import { signUp } from "@/lib/auth/accounts";
import { unlessBusy } from "@/lib/auth/password";
import { checkAccountAction } from "@/lib/auth/throttle";
import type { FormResult } from "@/lib/form-result";
import { clientIpOf } from "@/lib/rate-limit/server";

export type SignUpState = FormResult;

/** Creates the account; the form then signs in with the same credentials. */
export async function signUpAction(form: FormData): Promise<SignUpState> {
  const refused = await checkAccountAction(clientIpOf(await headers()), null);
  if (refused) return { ok: false, fieldErrors: { form: refused.message } };
  const result = await unlessBusy(() => signUp({ email: form.get("email"), name: form.get("name"), username: form.get("username"), password: form.get("password") }));
  return result.ok ? { ok: true } : { ok: false, fieldErrors: result.fieldErrors };
}
