"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { RedirectUriFields } from "@/components/dashboard/redirect-uri-fields";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useFocusFirstError } from "@/components/ui/use-form-errors-focus";
import { LengthNotice } from "@/components/ui/length-notice";
import { useLengthLimit } from "@/components/ui/use-length-limit";
import { NAVIGATING, usePendingAction } from "@/components/ui/use-pending-action";
import type { ApplicationFormResult } from "@/lib/apps/applications";

export type ApplicationFormValues = {
  name: string;
  description: string;
  homepageUrl: string;
  privacyPolicyUrl: string;
  termsUrl: string;
  clientType: "confidential" | "public";
  redirectUris: string[];
};

type Failure = Extract<ApplicationFormResult<object>, { ok: false }>;
type Created = { ok: true; id: string };

type Props =
  | { mode: "create"; initial: ApplicationFormValues; testCallback: string; action: (form: FormData) => Promise<Created | Failure> }
  | { mode: "edit"; appId: string; initial: ApplicationFormValues; action: (form: FormData) => Promise<{ ok: true } | Failure> };

const EMPTY_ERRORS: Failure = { ok: false, fieldErrors: {}, redirectUriErrors: [] };

export function ApplicationForm(props: Props) {
  const router = useRouter();
  const [values, setValues] = useState(props.initial);
  const [errors, setErrors] = useState<Failure>(EMPTY_ERRORS);
  const { pending, error, run } = usePendingAction("Something went wrong on our side; nothing was saved. Please try again.");
  const [saved, setSaved] = useState(false);
  const [formKey, setFormKey] = useState(0);
  // The server's values changed under the form (a redirect URI added from the quick start): start over from them.
  const initialKey = JSON.stringify(props.initial);
  const [seenInitial, setSeenInitial] = useState(initialKey);
  if (initialKey !== seenInitial) {
    setSeenInitial(initialKey);
    setValues(props.initial);
    setFormKey((k) => k + 1);
  }
  const formRef = useFocusFirstError(errors === EMPTY_ERRORS ? null : errors);
  const descriptionLimit = useLengthLimit(500);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(false);
    setValues({
      ...values,
      name: String(form.get("name") ?? ""),
      description: String(form.get("description") ?? ""),
      homepageUrl: String(form.get("homepageUrl") ?? ""),
      privacyPolicyUrl: String(form.get("privacyPolicyUrl") ?? ""),
      termsUrl: String(form.get("termsUrl") ?? ""),
      clientType: form.get("clientType") === "public" ? "public" : values.clientType,
      redirectUris: form.getAll("redirectUris").map(String),
    });
    await run(async () => {
      if (props.mode === "edit") {
        const result = await props.action(form);
        if (!result.ok) return setErrors(result);
        setErrors(EMPTY_ERRORS);
        setSaved(true);
        setFormKey((k) => k + 1);
        router.refresh();
        return;
      }
      const result = await props.action(form);
      if (!result.ok) return setErrors(result);
      setErrors(EMPTY_ERRORS);
      // The app's page shows the client ID and, for a confidential app, its first secret.
      router.push(`/dashboard/apps/${result.id}?created=1`);
      return NAVIGATING;
    });
  }

  const e = errors.fieldErrors;
  return (
    <form ref={formRef} method="post" onSubmit={submit} className="space-y-5" noValidate key={formKey}>
      {props.mode === "edit" ? <input type="hidden" name="appId" value={props.appId} /> : null}
      {saved ? <Alert tone="success">Changes saved.</Alert> : null}
      {errors.formError && !errors.redirectUriErrors.length ? <Alert tone="error">{errors.formError}</Alert> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      {Object.keys(e).length > 0 || errors.redirectUriErrors.some(Boolean) ? (
        <Alert tone="error">Some fields need your attention: see the messages below.</Alert>
      ) : null}
      <Field label="Application name" name="name" defaultValue={values.name} error={e.name} required maxLength={64} hint="Shown to users on the consent screen." />
      <div>
        <label htmlFor="field-description" className="block text-sm font-medium text-slate-800">
          Description <span className="font-normal text-slate-500">(optional)</span>
        </label>
        <textarea
          id="field-description"
          name="description"
          defaultValue={values.description}
          maxLength={500}
          rows={2}
          onInput={descriptionLimit.onInput}
          onPaste={descriptionLimit.onPaste}
          aria-invalid={e.description ? true : undefined}
          aria-describedby={[e.description ? "field-description-error" : null, descriptionLimit.notice ? "field-description-limit" : null].filter(Boolean).join(" ") || undefined}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200"
        />
        <LengthNotice id="field-description-limit" notice={descriptionLimit.notice} />
        {e.description ? (
          <p id="field-description-error" role="alert" className="mt-1 text-sm text-red-700">
            {e.description}
          </p>
        ) : null}
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Homepage (optional)" name="homepageUrl" type="url" defaultValue={values.homepageUrl} error={e.homepageUrl} placeholder="https://" />
        <Field label="Privacy policy (optional)" name="privacyPolicyUrl" type="url" defaultValue={values.privacyPolicyUrl} error={e.privacyPolicyUrl} placeholder="https://" />
        <Field label="Terms of service (optional)" name="termsUrl" type="url" defaultValue={values.termsUrl} error={e.termsUrl} placeholder="https://" />
      </div>
      {props.mode === "create" ? (
        <ClientTypeChoice value={values.clientType} onChange={(clientType) => setValues({ ...values, clientType })} error={e.clientType} />
      ) : null}
      <RedirectUriFields
        initial={values.redirectUris}
        errors={errors.redirectUriErrors}
        formError={errors.formError}
        clientType={values.clientType}
        testCallback={props.mode === "create" ? props.testCallback : undefined}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : props.mode === "create" ? "Register application" : "Save changes"}
      </Button>
    </form>
  );
}

function ClientTypeChoice({ value, onChange, error }: { value: string; onChange: (v: "confidential" | "public") => void; error?: string }) {
  const options = [
    { value: "confidential", title: "Confidential", body: "A server-side app that can keep a client secret (a web backend)." },
    { value: "public", title: "Public", body: "An app that cannot keep a secret: single-page, mobile, desktop or CLI. No secret; PKCE is required." },
  ] as const;
  return (
    <fieldset>
      <legend className="block text-sm font-medium text-slate-800">Client type</legend>
      <p className="mt-1 text-xs text-slate-500">Fixed once the application is registered.</p>
      <div className="mt-2 grid gap-3 sm:grid-cols-2">
        {options.map((o) => (
          <label
            key={o.value}
            className={`flex cursor-pointer gap-3 rounded-lg border p-3 text-sm ${value === o.value ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-white"}`}
          >
            <input type="radio" name="clientType" value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} className="mt-1" />
            <span>
              <span className="block font-medium">{o.title}</span>
              <span className="text-slate-600">{o.body}</span>
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
