"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { usePendingAction } from "@/components/ui/use-pending-action";
import type { FieldErrors, FormResult } from "@/lib/form-result";
import type { WithdrawalImpact } from "@/lib/operator/removal-impact";
import { describeRemoval, scopeRemovalWarning } from "@/lib/operator/removal-impact";
import { useFocusFirstError } from "@/components/ui/use-form-errors-focus";
import { scopeAddedNotice } from "@/lib/operator/scope-notices";

export type ApiScopeView = { id: string; name: string; description: string; personalData: boolean; restricted: boolean; impact: WithdrawalImpact };

type Props = {
  apiId: string;
  scopes: ApiScopeView[];
  addScope: (form: FormData) => Promise<FormResult>;
  deleteScope: (form: FormData) => Promise<WithdrawalImpact>;
  setRestricted: (form: FormData) => Promise<void>;
};

/** The API's scopes: each with its flags and a deletion that says whom it affects, and the form to add one. */
export function ApiScopes({ apiId, scopes, addScope, deleteScope, setRestricted }: Props) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useFocusFirstError(errors);
  const [notice, setNotice] = useState<string | null>(null);
  const adding = usePendingAction("Could not add the scope; nothing was changed. Please try again.");
  const deleting = usePendingAction("Could not delete the scope. Reload the page and try again.");

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    form.set("apiId", apiId);
    setNotice(null);
    await adding.run(async () => {
      const result = await addScope(form);
      if (!result.ok) return setErrors(result.fieldErrors);
      setErrors({});
      setNotice(scopeAddedNotice(String(form.get("name")).trim(), form.get("restricted") === "on"));
      formElement.reset();
      router.refresh();
    });
  }

  async function toggleRestricted(scope: ApiScopeView) {
    const form = new FormData();
    form.set("apiId", apiId);
    form.set("scopeId", scope.id);
    form.set("restricted", String(!scope.restricted));
    setNotice(null);
    await deleting.run(async () => {
      await setRestricted(form);
      setNotice(
        scope.restricted
          ? `${scope.name} is open to every app again.`
          : `${scope.name} is restricted: apps need an operator's approval before users can grant it. Grants made before stay.`,
      );
      router.refresh();
    });
  }

  async function remove(scope: ApiScopeView) {
    const form = new FormData();
    form.set("apiId", apiId);
    form.set("scopeId", scope.id);
    setNotice(null);
    await deleting.run(async () => {
      const impact = await deleteScope(form);
      setNotice(`Deleted ${scope.name}: ${describeRemoval(impact)}.`);
      router.refresh();
    });
  }

  return (
    <div className="space-y-5">
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {deleting.error ? <Alert tone="error">{deleting.error}</Alert> : null}
      {scopes.length === 0 ? (
        <Alert tone="info" title="No scopes yet">
          Add the scopes your API checks, e.g. notes.read and notes.write. Until it has one, introspection answers this API
          with active: false for every token.
        </Alert>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200" aria-label="API scopes">
          {scopes.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 p-3" data-testid="api-scope-row">
              <div>
                <code className="font-mono text-sm">{s.name}</code>
                {s.restricted ? <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">restricted</span> : null}
                {s.personalData ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">personal data</span> : null}
                <p className="text-sm text-slate-600">{s.description}</p>
              </div>
              <div className="flex flex-wrap gap-2">
              <Button variant="secondary" onClick={() => void toggleRestricted(s)} disabled={deleting.pending} aria-label={`${s.restricted ? "Open to all apps" : "Mark restricted"}: scope ${s.name}`}>
                {s.restricted ? "Open to all apps" : "Mark restricted"}
              </Button>
              <ConfirmButton
                label="Delete"
                ariaLabel={`Delete scope ${s.name}`}
                warning={scopeRemovalWarning(s.impact)}
                confirmLabel="Yes, delete"
                onConfirm={() => remove(s)}
              />
              </div>
            </li>
          ))}
        </ul>
      )}

      <form ref={formRef} method="post" onSubmit={add} className="space-y-3 rounded-lg border border-slate-200 p-4" noValidate aria-labelledby="add-scope-title">
        <h3 id="add-scope-title" className="font-medium">
          Add a scope
        </h3>
        <Field label="Name" name="name" maxLength={64} error={errors.name} hint="What apps put in the scope parameter, e.g. notes.read. Unique across Gatehouse." autoComplete="off" />
        <Field
          label="Description"
          name="description"
          maxLength={200}
          error={errors.description}
          hint="Plain words for the consent screen: what the app will be able to do, e.g. Read your notes."
          autoComplete="off"
        />
        <fieldset className="space-y-2">
          <legend className="sr-only">Options</legend>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="personalData" className="mt-1" />
            <span>
              <span className="font-medium">Personal data</span>
              <span className="block text-xs text-slate-500">Shortens the authorization code lifetime, as for email and profile.</span>
            </span>
          </label>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="restricted" className="mt-1" />
            <span>
              <span className="font-medium">Restricted</span>
              <span className="block text-xs text-slate-500">Offered to an app only after an operator approves it for that app.</span>
            </span>
          </label>
        </fieldset>
        {errors.form || adding.error ? <Alert tone="error">{errors.form ?? adding.error}</Alert> : null}
        <Button type="submit" disabled={adding.pending}>
          Add scope
        </Button>
      </form>
    </div>
  );
}
