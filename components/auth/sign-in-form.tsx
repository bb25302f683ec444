"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useFocusFirstError } from "@/components/ui/use-form-errors-focus";
import { NAVIGATING, usePendingAction } from "@/components/ui/use-pending-action";

type SignInFormProps = {
  callbackUrl: string;
  initialError?: string;
  notice?: string;
  /** Prefilled: the app's login_hint, or the account asked to sign in again. */
  email?: string;
  /** The signed-in account, when the app asked which account to use. */
  continueAs?: string;
};

export function SignInForm({ callbackUrl, initialError, notice, email, continueAs }: SignInFormProps) {
  const [refused, setRefused] = useState(initialError);
  const { pending, error, run } = usePendingAction("Gatehouse could not be reached; nothing was changed. Please try again.");
  const [attempt, setAttempt] = useState(0);
  const formRef = useFocusFirstError(attempt > 0 && (refused || error) ? `${attempt}` : null);

  // onSubmit rather than a form action: a failed attempt keeps what was typed.
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setRefused(undefined);
    setAttempt((n) => n + 1);
    await run(async () => {
      const result = await signIn("credentials", {
        redirect: false,
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        callbackUrl,
      });
      // A throttled or busy sign-in says so and how long to wait; anything else is the one generic answer.
      if (result?.error && /^(Too many|Gatehouse is busy)/.test(result.error)) return setRefused(result.error);
      if (!result || result.error || !result.ok) return setRefused("Email or password is incorrect.");
      window.location.assign(result.url ?? callbackUrl);
      return NAVIGATING;
    });
  }

  return (
    // method="post": a submit before the page is interactive must never put the password in the URL.
    <form ref={formRef} method="post" onSubmit={submit} className="space-y-4" noValidate>
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {refused || error ? <Alert tone="error">{refused ?? error}</Alert> : null}
      {continueAs ? (
        <a href={callbackUrl} className="block rounded-md border border-slate-300 px-3 py-2 text-center text-sm font-medium text-slate-800 hover:bg-slate-50">
          Continue as {continueAs}
        </a>
      ) : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required maxLength={254} defaultValue={email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required maxLength={128} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        New to Gatehouse?{" "}
        <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-indigo-600 hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
