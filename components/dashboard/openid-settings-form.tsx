"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { UriListFields } from "@/components/dashboard/uri-list-fields";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useFocusFirstError } from "@/components/ui/use-form-errors-focus";
import { usePendingAction } from "@/components/ui/use-pending-action";
import type { OpenIdSettingsFormResult } from "@/lib/apps/applications";
import type { IdTokenAlg } from "@/lib/oauth/storage";

export type OpenIdSettingsValues = { idTokenAlg: IdTokenAlg; postLogoutRedirectUris: string[] };

type Failure = Extract<OpenIdSettingsFormResult, { ok: false }>;

type Props = {
  appId: string;
  clientType: string;
  /** How many post-logout redirect URIs an app may have. */
  maxLogoutUris: number;
  initial: OpenIdSettingsValues;
  action: (form: FormData) => Promise<OpenIdSettingsFormResult>;
};

const ALGORITHMS: Record<IdTokenAlg, { title: string; body: string }> = {
  RS256: { title: "RS256 (default)", body: "RSA with SHA-256: the one every OpenID Connect library supports. Keep it unless you need another." },
  ES256: { title: "ES256", body: "ECDSA on P-256 with SHA-256: shorter tokens. Choose it only if your library verifies ES256 ID tokens." },
};

const EMPTY_ERRORS: Failure = { ok: false, fieldErrors: {}, postLogoutRedirectUriErrors: [] };

/** The app's ID token signing algorithm and post-logout redirect URIs, saved together. */
export function OpenIdSettingsForm({ appId, clientType, maxLogoutUris, initial, action }: Props) {
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Failure>(EMPTY_ERRORS);
  const { pending, error, run } = usePendingAction("Something went wrong on our side; nothing was saved. Please try again.");
  const [saved, setSaved] = useState(false);
  const [formKey, setFormKey] = useState(0);
  // The server's values changed under the form (saved in another tab): start over from them.
  const initialKey = JSON.stringify(initial);
  const [seenInitial, setSeenInitial] = useState(initialKey);
  if (initialKey !== seenInitial) {
    setSeenInitial(initialKey);
    setValues(initial);
    setFormKey((k) => k + 1);
  }
  const formRef = useFocusFirstError(errors === EMPTY_ERRORS ? null : errors);
  const example = clientType === "public" ? "http://127.0.0.1/signed-out or com.example.app:/signed-out" : "https://app.example.com/signed-out";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(false);
    const chosen = form.get("idTokenAlg");
    setValues({
      idTokenAlg: typeof chosen === "string" && Object.hasOwn(ALGORITHMS, chosen) ? (chosen as IdTokenAlg) : values.idTokenAlg,
      postLogoutRedirectUris: form.getAll("postLogoutRedirectUris").map(String),
    });
    await run(async () => {
      const result = await action(form);
      if (!result.ok) return setErrors(result);
      setErrors(EMPTY_ERRORS);
      setSaved(true);
      setFormKey((k) => k + 1);
      router.refresh();
    });
  }

  const algError = errors.fieldErrors.idTokenAlg;
  return (
    <form ref={formRef} method="post" onSubmit={submit} className="space-y-5" noValidate key={formKey}>
      <input type="hidden" name="appId" value={appId} />
      {saved ? <Alert tone="success">OpenID Connect settings saved.</Alert> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      {errors.fieldErrors.form ? <Alert tone="error">{errors.fieldErrors.form}</Alert> : null}
      {algError || errors.formError || errors.postLogoutRedirectUriErrors.some(Boolean) ? (
        <Alert tone="error">Some fields need your attention: see the messages below.</Alert>
      ) : null}
      <fieldset aria-describedby={algError ? "id-token-alg-error" : "id-token-alg-hint"}>
        <legend className="block text-sm font-medium text-slate-800">ID token signing algorithm</legend>
        <p id="id-token-alg-hint" className="mt-1 text-xs text-slate-500">
          How Gatehouse signs the ID tokens it issues to this app (<code className="font-mono">id_token_signed_response_alg</code>); your
          library checks them with the keys at the discovery document&apos;s <code className="font-mono">jwks_uri</code>.
        </p>
        <div className="mt-2 grid gap-3 sm:grid-cols-2">
          {(Object.keys(ALGORITHMS) as IdTokenAlg[]).map((alg) => (
            <label
              key={alg}
              className={`flex cursor-pointer gap-3 rounded-lg border p-3 text-sm ${values.idTokenAlg === alg ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-white"}`}
            >
              <input
                type="radio"
                name="idTokenAlg"
                value={alg}
                checked={values.idTokenAlg === alg}
                onChange={() => setValues({ ...values, idTokenAlg: alg })}
                className="mt-1"
              />
              <span>
                <span className="block font-medium">{ALGORITHMS[alg].title}</span>
                <span className="text-slate-600">{ALGORITHMS[alg].body}</span>
              </span>
            </label>
          ))}
        </div>
        {algError ? (
          <p id="id-token-alg-error" role="alert" className="mt-1 text-sm text-red-700">
            {algError}
          </p>
        ) : null}
      </fieldset>
      <UriListFields
        name="postLogoutRedirectUris"
        label="Post-logout redirect URI"
        idPrefix="post-logout-redirect-uri"
        optional
        hint={
          <>
            Where Gatehouse may send users back after your app signs them out at the <code className="font-mono">end_session_endpoint</code>: the{" "}
            <code className="font-mono">post_logout_redirect_uri</code> it sends must be one of these, matched exactly. Up to{" "}
            {maxLogoutUris}, under the same rules as redirect URIs. Example: {example}
          </>
        }
        placeholder={example.split(" or ")[0]!}
        max={maxLogoutUris}
        initial={values.postLogoutRedirectUris}
        errors={errors.postLogoutRedirectUriErrors}
        formError={errors.formError}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save OpenID Connect settings"}
      </Button>
    </form>
  );
}
