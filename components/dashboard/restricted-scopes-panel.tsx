"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { usePendingAction } from "@/components/ui/use-pending-action";
import type { FieldErrors, FormResult } from "@/lib/form-result";
import { useFocusFirstError } from "@/components/ui/use-form-errors-focus";
import { LengthNotice } from "@/components/ui/length-notice";
import { useLengthLimit } from "@/components/ui/use-length-limit";

export type RestrictedScopeView = {
  name: string;
  description: string;
  status: "none" | "pending" | "approved" | "denied" | "revoked";
  note: string | null;
  decided: string | null;
};

const STATUS: Record<RestrictedScopeView["status"], { label: string; className: string }> = {
  none: { label: "Not requested", className: "bg-slate-100 text-slate-700" },
  pending: { label: "Waiting for an operator", className: "bg-amber-100 text-amber-800" },
  approved: { label: "Approved", className: "bg-emerald-100 text-emerald-800" },
  denied: { label: "Denied", className: "bg-red-100 text-red-800" },
  revoked: { label: "Approval revoked", className: "bg-red-100 text-red-800" },
};

type Props = { appId: string; scopes: RestrictedScopeView[]; requestScope: (form: FormData) => Promise<FormResult> };

/** The restricted scopes, where this app stands on each, and the request form with a reason. */
export function RestrictedScopesPanel({ appId, scopes, requestScope }: Props) {
  return (
    <ul className="space-y-3" aria-label="Restricted scopes">
      {scopes.map((s) => (
        <li key={s.name} className="rounded-lg border border-slate-200 p-3" data-testid="restricted-scope">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div>
              <code className="font-mono text-sm">{s.name}</code>
              <p className="text-sm text-slate-600">{s.description}</p>
            </div>
            <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS[s.status].className}`}>{STATUS[s.status].label}</span>
          </div>
          {s.note ? (
            <p className="mt-2 text-sm text-slate-700">
              Operator&apos;s note{s.decided ? ` (${s.decided})` : ""}: {s.note}
            </p>
          ) : null}
          {s.status === "approved" ? <p className="mt-2 text-xs text-slate-500">Your app may now include {s.name} in the scope parameter.</p> : null}
          {s.status === "none" || s.status === "denied" || s.status === "revoked" ? <RequestForm appId={appId} scope={s.name} again={s.status !== "none"} requestScope={requestScope} /> : null}
        </li>
      ))}
    </ul>
  );
}

function RequestForm({ appId, scope, again, requestScope }: { appId: string; scope: string; again: boolean; requestScope: Props["requestScope"] }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useFocusFirstError(errors);
  const limit = useLengthLimit(500);
  const { pending, error, run } = usePendingAction("Could not send the request; nothing was changed. Please try again.");
  const id = `reason-${scope.replace(/[^A-Za-z0-9_-]/g, "-")}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    form.set("appId", appId);
    form.set("scope", scope);
    await run(async () => {
      const result = await requestScope(form);
      if (!result.ok) return setErrors(result.fieldErrors);
      setErrors({});
      router.refresh();
    });
  }

  const formError = errors.form ?? error;
  return (
    <form ref={formRef} method="post" onSubmit={submit} className="mt-3 space-y-2" noValidate>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Why does your app need {scope}?
      </label>
      <textarea
        id={id}
        name="reason"
        rows={2}
        maxLength={500}
        onInput={limit.onInput}
        onPaste={limit.onPaste}
        aria-invalid={errors.reason ? true : undefined}
        aria-describedby={[errors.reason ? `${id}-error` : null, limit.notice ? `${id}-limit` : null].filter(Boolean).join(" ") || undefined}
        className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
      />
      <LengthNotice id={`${id}-limit`} notice={limit.notice} />
      {errors.reason ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {errors.reason}
        </p>
      ) : null}
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Button type="submit" variant="secondary" disabled={pending}>
        {again ? "Request again" : "Request approval"}
      </Button>
    </form>
  );
}
