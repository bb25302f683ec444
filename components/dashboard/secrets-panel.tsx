"use client";

import { useRouter } from "next/navigation";
import { SecretReveal } from "@/components/dashboard/secret-reveal";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { usePendingAction } from "@/components/ui/use-pending-action";
import { SECRET_NOUNS, secretListWording } from "@/lib/secret-wording";

/** Oldest first. */
export type SecretView = { id: string; hint: string; created: string; lastUsed: string };

type Props = {
  /** What the actions are about, e.g. { appId } or { apiId }. */
  owner: Record<string, string>;
  secrets: SecretView[];
  max: number;
  /** A secret just generated and not yet confirmed as stored (held by the server for this page). */
  revealed: string | null;
  createSecret: (form: FormData) => Promise<{ ok: true } | { ok: false; error: string }>;
  confirmStored: (form: FormData) => Promise<void>;
  revokeSecret: (form: FormData) => Promise<void>;
  kind: "clientSecret" | "apiSecret";
};

function formFor(owner: Record<string, string>, extra: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...owner, ...extra })) form.set(k, v);
  return form;
}

/** An app's or API's secrets: hints and dates, a new one shown once, revocation after a confirmation. */
export function SecretsPanel({ owner, secrets, max, revealed, createSecret, confirmStored, revokeSecret, kind }: Props) {
  const noun = SECRET_NOUNS[kind];
  const wording = secretListWording(kind, secrets.length, max);
  const router = useRouter();
  const generating = usePendingAction("Could not generate a secret. Please try again.");
  const revoking = usePendingAction("Could not revoke the secret. Reload the page and try again.");
  const error = generating.error ?? revoking.error;
  const pending = generating.pending;

  async function generate() {
    await generating.run(async () => {
      const result = await createSecret(formFor(owner));
      if (!result.ok) generating.setError(result.error);
      router.refresh();
    });
  }

  async function revoke(secretId: string) {
    await revoking.run(async () => {
      await revokeSecret(formFor(owner, { secretId }));
      router.refresh();
    });
  }

  return (
    <div className="space-y-4">
      {revealed ? (
        <SecretReveal
          secret={revealed}
          kind={kind}
          testId={kind === "clientSecret" ? "client-secret" : "api-secret"}
          confirmStored={() => confirmStored(formFor(owner))}
        />
      ) : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      {secrets.length === 0 ? (
        <Alert tone="warning" title={`There is no ${noun}`}>
          {wording.empty}
        </Alert>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200" aria-label={`${noun[0]!.toUpperCase()}${noun.slice(1)}s`}>
          {secrets.map((s, i) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 p-3" data-testid="secret-row">
              <div className="min-w-0">
                <div className="flex flex-wrap items-center gap-2">
                  <code className="font-mono text-sm">{s.hint}</code>
                  {secrets.length > 1 ? (
                    i === secrets.length - 1 ? (
                      <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-900">Newest</span>
                    ) : (
                      <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">Older</span>
                    )
                  ) : null}
                </div>
                <p className="text-xs text-slate-600">
                  Created {s.created} · Last used {s.lastUsed}
                </p>
                {secrets.length > 1 && i < secrets.length - 1 ? (
                  <p className="text-xs text-slate-600">Revoke this one once every server uses the newest.</p>
                ) : null}
              </div>
              <ConfirmButton
                label="Revoke"
                ariaLabel={`Revoke secret ${s.hint}`}
                warning={wording.revokeWarning}
                confirmLabel="Yes, revoke"
                onConfirm={() => revoke(s.id)}
              />
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={generate} disabled={pending || secrets.length >= max}>
          Generate a new secret
        </Button>
        {wording.rotation ? <p className="text-xs text-slate-500">{wording.rotation}</p> : null}
      </div>
    </div>
  );
}
