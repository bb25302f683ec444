"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { SecretReveal } from "@/components/dashboard/secret-reveal";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { CopyableValue } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { usePendingAction } from "@/components/ui/use-pending-action";
import type { FieldErrors, FormResult } from "@/lib/form-result";

type Registered = { id: string; apiId: string; apiSecret: string };

/** The registration form; once registered, the API ID and its first secret, shown this once. */
export function RegisterApiForm({ action }: { action: (form: FormData) => Promise<FormResult<Registered>> }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [registered, setRegistered] = useState<Registered | null>(null);
  const { pending, error, run } = usePendingAction("Something went wrong on our side; nothing was registered. Please try again.");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await run(async () => {
      const result = await action(form);
      if (!result.ok) return setErrors(result.fieldErrors);
      setErrors({});
      setRegistered(result);
    });
  }

  if (registered) {
    return (
      <div className="space-y-4">
        <Alert tone="success" title="The API is registered">
          Give your API these credentials: it sends them (HTTP Basic) with every call to the introspection endpoint.
        </Alert>
        <div>
          <p className="text-sm font-medium text-slate-800">API ID</p>
          <CopyableValue value={registered.apiId} testId="api-id" />
        </div>
        <SecretReveal secret={registered.apiSecret} noun="API secret" testId="api-secret" />
        <Link href={`/operator/apis/${registered.id}`} className={buttonClass("primary")}>
          Continue: add its scopes
        </Link>
      </div>
    );
  }

  return (
    <form method="post" onSubmit={submit} className="space-y-4" noValidate>
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
