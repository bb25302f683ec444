"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

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
  action: (form: FormData) => Promise<{ ok: true } | { ok: false; fieldErrors: Partial<Record<string, string>> }>;
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
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    setPending(true);
    setDone(false);
    try {
      const result = await action(new FormData(formElement));
      if (!result.ok) {
        setErrors(result.fieldErrors);
        return;
      }
      setErrors({});
      if (then === "sign-out") {
        await signOut({ callbackUrl: "/" });
        return;
      }
      setDone(true);
      for (const input of formElement.querySelectorAll<HTMLInputElement>('input[type="password"]')) input.value = "";
      router.refresh();
    } catch {
      setErrors({ form: "Something went wrong on our side; nothing was changed. Please try again." });
    } finally {
      setPending(false);
    }
  }

  return (
    <form method="post" onSubmit={submit} className="space-y-4" noValidate aria-labelledby={`${id}-title`}>
      {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
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
