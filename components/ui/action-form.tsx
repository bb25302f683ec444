"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useFocusFirstError } from "@/components/ui/use-form-errors-focus";
import { NAVIGATING, usePendingAction } from "@/components/ui/use-pending-action";
import type { FieldErrors, FormResult } from "@/lib/form-result";

export type FormFieldSpec = {
  name: string;
  label: string;
  type?: "text" | "password" | "email";
  defaultValue?: string;
  autoComplete?: string;
  hint?: string;
  maxLength?: number;
};

type Props = {
  action: (form: FormData) => Promise<FormResult>;
  fields: FormFieldSpec[];
  submitLabel: string;
  successMessage?: string;
  variant?: ButtonVariant;
  /** After success: show the message and refresh, or sign out and go home (account deleted). */
  then?: "refresh" | "sign-out";
  id: string;
};

/** A small form posting to a server action, with errors next to fields and a success message. */
export function ActionForm({ action, fields, submitLabel, successMessage, variant = "primary", then = "refresh", id }: Props) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState(false);
  const formRef = useFocusFirstError(errors);
  const { pending, error, run } = usePendingAction("Something went wrong on our side; nothing was changed. Please try again.");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    setDone(false);
    await run(async () => {
      const result = await action(new FormData(formElement));
      setErrors(result.ok ? {} : result.fieldErrors);
      if (!result.ok) return;
      if (then === "sign-out") {
        await signOut({ callbackUrl: "/" });
        return NAVIGATING;
      }
      setDone(true);
      for (const input of formElement.querySelectorAll<HTMLInputElement>('input[type="password"]')) input.value = "";
      router.refresh();
    });
  }

  const formError = errors.form ?? error;
  return (
    <form ref={formRef} method="post" onSubmit={submit} className="space-y-4" noValidate aria-labelledby={`${id}-title`}>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {done && successMessage ? <Alert tone="success">{successMessage}</Alert> : null}
      {fields.map((f) => (
        <Field
          key={f.name}
          id={`${id}-${f.name}`}
          label={f.label}
          name={f.name}
          type={f.type ?? "text"}
          defaultValue={f.defaultValue}
          autoComplete={f.autoComplete}
          maxLength={f.maxLength ?? 128}
          hint={f.hint}
          error={errors[f.name]}
        />
      ))}
      <Button type="submit" variant={variant} disabled={pending}>
        {pending ? "Working…" : submitLabel}
      </Button>
    </form>
  );
}
