"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { SecretReveal } from "@/components/dashboard/secret-reveal";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { usePendingAction } from "@/components/ui/use-pending-action";
import type { FieldErrors, FormResult } from "@/lib/form-result";
import { useFocusFirstError } from "@/components/ui/use-form-errors-focus";

export type PersonalKeyView = { id: string; name: string; hint: string; scope: string; created: string; lastUsed: string; expires: string; expired: boolean };

type Props = {
  keys: PersonalKeyView[];
  scopes: { name: string; description: string; always: boolean }[];
  /** A key just created and not yet confirmed as stored (held by the server for this page). */
  revealed: string | null;
  createKey: (form: FormData) => Promise<FormResult>;
  confirmStored: () => Promise<void>;
  revokeKey: (form: FormData) => Promise<{ ok: boolean }>;
};

const EXPIRIES = [
  ["7", "7 days"],
  ["30", "30 days"],
  ["90", "90 days"],
  ["none", "No expiry"],
] as const;

/** The user's personal API keys: the list with revocation, and the form that shows a new key once. */
export function PersonalKeys({ keys, scopes, revealed, createKey, confirmStored, revokeKey }: Props) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useFocusFirstError(errors);
  const [expiry, setExpiry] = useState("30");
  const creating = usePendingAction("Could not create the key; nothing was stored. Please try again.");
  const revoking = usePendingAction("Could not revoke the key. Reload the page and try again.");

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    await creating.run(async () => {
      const result = await createKey(form);
      if (!result.ok) return setErrors(result.fieldErrors);
      setErrors({});
      formElement.reset();
      setExpiry("30");
      router.refresh();
    });
  }

  async function revoke(id: string) {
    const form = new FormData();
    form.set("keyId", id);
    await revoking.run(async () => {
      await revokeKey(form);
      router.refresh();
    });
  }

  return (
    <div className="space-y-5">
      {revealed ? <SecretReveal secret={revealed} kind="personalKey" testId="personal-key" confirmStored={confirmStored} /> : null}
      {revoking.error ? <Alert tone="error">{revoking.error}</Alert> : null}
      {keys.length === 0 ? (
        <p className="text-sm text-slate-600">You have no personal API keys.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200" aria-label="Personal API keys">
          {keys.map((k) => (
            <li key={k.id} className="flex flex-wrap items-center justify-between gap-3 p-3" data-testid="personal-key-row">
              <div>
                <p className="text-sm font-medium">
                  {k.name} <code className="ml-1 font-mono text-xs text-slate-600">{k.hint}</code>
                  {k.expired ? <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-800">expired</span> : null}
                </p>
                <p className="font-mono text-xs text-slate-600">{k.scope}</p>
                <p className="text-xs text-slate-500">
                  Created {k.created} · Last used {k.lastUsed} · {k.expires}
                </p>
              </div>
              <ConfirmButton label="Revoke" ariaLabel={`Revoke key ${k.name}`} warning="Scripts using it stop working at once." confirmLabel="Yes, revoke" onConfirm={() => revoke(k.id)} />
            </li>
          ))}
        </ul>
      )}

      <form ref={formRef} method="post" onSubmit={create} className="space-y-3 rounded-lg border border-slate-200 p-4" noValidate aria-labelledby="new-key-title">
        <h3 id="new-key-title" className="font-medium">
          Create a key
        </h3>
        <Field id="key-name" label="Name" name="name" maxLength={64} error={errors.name} hint="What uses it, e.g. nightly backup script." autoComplete="off" />
        <fieldset aria-describedby={errors.scopes ? "key-scopes-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">Scopes</legend>
          <div className="mt-1 space-y-1">
            {scopes.map((s) => (
              <label key={s.name} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="scopes" value={s.name} defaultChecked={s.always} disabled={s.always} className="mt-1" />
                <span>
                  <code className="font-mono">{s.name}</code> <span className="text-slate-600">{s.description}</span>
                  {s.always ? <span className="ml-1 text-xs text-slate-500">(always included)</span> : null}
                </span>
              </label>
            ))}
          </div>
          {errors.scopes ? (
            <p id="key-scopes-error" role="alert" className="mt-1 text-sm text-red-700">
              {errors.scopes}
            </p>
          ) : null}
        </fieldset>
        <div>
          <label htmlFor="key-expiry" className="block text-sm font-medium text-slate-800">
            Expires after
          </label>
          <select id="key-expiry" name="expiry" value={expiry} onChange={(e) => setExpiry(e.target.value)} className="mt-1 block rounded-md border border-slate-300 px-3 py-2 text-sm">
            {EXPIRIES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          {expiry === "none" ? (
            <p className="mt-2 text-sm text-amber-800" role="note">
              A key that never expires works until you revoke it, also if it leaks. Prefer an expiry and create a new key when it ends.
            </p>
          ) : null}
        </div>
        {errors.form || creating.error ? <Alert tone="error">{errors.form ?? creating.error}</Alert> : null}
        <Button type="submit" disabled={creating.pending}>
          Create key
        </Button>
      </form>
    </div>
  );
}
