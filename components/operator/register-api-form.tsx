"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { NAVIGATING, usePendingAction } from "@/components/ui/use-pending-action";
import type { FieldErrors, FormResult } from "@/lib/form-result";
import { useFocusFirstError } from "@/components/ui/use-form-errors-focus";

/** The registration form; once registered, the API's page shows its ID and first secret. */
export function RegisterApiForm({ action }: { action: (form: FormData) => Promise<FormResult<{ id: string }>> }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useFocusFirstError(errors);
  const { pending, error, run } = usePendingAction("Something went wrong on our side; nothing was registered. Please try again.");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await run(async () => {
      const result = await action(form);
      if (!result.ok) return setErrors(result.fieldErrors);
      setErrors({});
      router.push(`/operator/apis/${result.id}?registered=1`);
      return NAVIGATING;
    });
  }

  return (
    <form ref={formRef} method="post" onSubmit={submit} className="space-y-4" noValidate>
      <Field label="Name" name="name" maxLength={64} error={errors.name} hint="For operators, e.g. Notes API." autoComplete="off" />
      <Field
        label="Identifier"
        name="identifier"
        maxLength={2048}
        error={errors.identifier}
        hint="An absolute https:// URI that names the API, usually its base URL, e.g. https://notes.example.com. Introspection reports it as the audience (aud). http:// only on localhost."
        autoComplete="off"
      />
      {errors.form || error ? <Alert tone="error">{errors.form ?? error}</Alert> : null}
      <Button type="submit" disabled={pending}>
        Register API
      </Button>
    </form>
  );
}
