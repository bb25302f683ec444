"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import type { SignUpState } from "@/app/signup/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useFocusFirstError } from "@/components/ui/use-form-errors-focus";
import { NAVIGATING, usePendingAction } from "@/components/ui/use-pending-action";
import type { FieldErrors } from "@/lib/form-result";

type SignUpFormProps = {
  callbackUrl: string;
  action: (form: FormData) => Promise<SignUpState>;
};

export function SignUpForm({ callbackUrl, action }: SignUpFormProps) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const { pending, error, run } = usePendingAction("Something went wrong on our side. Please try again.");
  const formRef = useFocusFirstError(errors);

  // onSubmit rather than a form action: a refused attempt keeps what was typed.
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await run(async () => {
      const state = await action(form);
      setErrors(state.ok ? {} : state.fieldErrors);
      if (!state.ok) return;
      const result = await signIn("credentials", {
        redirect: false,
        email: String(form.get("email")),
        password: String(form.get("password")),
        callbackUrl,
      });
      if (result?.ok && !result.error) window.location.assign(result.url ?? callbackUrl);
      // A full navigation: the callback may be a route handler (the authorize endpoint), not a page.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      else window.location.assign(`/signin?signedUp=1&callbackUrl=${encodeURIComponent(callbackUrl)}`);
      return NAVIGATING;
    });
  }

  return (
    // method="post": a submit before the page is interactive must never put the password in the URL.
    <form ref={formRef} method="post" onSubmit={submit} className="space-y-4" noValidate>
      {errors.form || error ? <Alert tone="error">{errors.form ?? error}</Alert> : null}
      <Field label="Name" name="name" autoComplete="name" required maxLength={64} error={errors.name} hint="Shown to you and to the developers of apps you authorize." />
      <Field label="Email" name="email" type="email" autoComplete="email" required maxLength={254} error={errors.email} />
      <Field
        label="Username (optional)"
        name="username"
        autoComplete="username"
        maxLength={32}
        error={errors.username}
        hint="Apps you approve to see your profile receive it as your username (preferred_username). Leave it empty for one made from your email; you can change it later on your account page."
      />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required minLength={8} maxLength={128} error={errors.password} hint="8 to 128 characters." />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating your account…" : "Create account"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-indigo-600 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
