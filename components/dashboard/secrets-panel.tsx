"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { SecretReveal } from "@/components/dashboard/secret-reveal";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { usePendingAction } from "@/components/ui/use-pending-action";

export type SecretView = { id: string; hint: string; created: string; lastUsed: string };

type Props = {
  appId: string;
  secrets: SecretView[];
  max: number;
  createSecret: (form: FormData) => Promise<{ ok: true; clientSecret: string } | { ok: false; error: string }>;
  revokeSecret: (form: FormData) => Promise<void>;
};

function formFor(appId: string, extra: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.set("appId", appId);
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  return form;
}

/** The app's secrets: hints and dates, a new one shown once, revocation after a confirmation. */
export function SecretsPanel({ appId, secrets, max, createSecret, revokeSecret }: Props) {
  const router = useRouter();
  const [revealed, setRevealed] = useState<string | null>(null);
  const generating = usePendingAction("Could not generate a secret. Please try again.");
  const revoking = usePendingAction("Could not revoke the secret. Reload the page and try again.");
  const error = generating.error ?? revoking.error;
  const pending = generating.pending;

  async function generate() {
    await generating.run(async () => {
      const result = await createSecret(formFor(appId));
      if (result.ok) setRevealed(result.clientSecret);
      else generating.setError(result.error);
      router.refresh();
    });
  }

  async function revoke(secretId: string) {
    await revoking.run(async () => {
      await revokeSecret(formFor(appId, { secretId }));
      router.refresh();
    });
  }

  return (
    <div className="space-y-4">
      {revealed ? <SecretReveal secret={revealed} /> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      {secrets.length === 0 ? (
        <Alert tone="warning" title="This application has no client secret">
          Requests to the token endpoint cannot authenticate until you generate one.
        </Alert>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200" aria-label="Client secrets">
          {secrets.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 p-3" data-testid="secret-row">
              <div>
                <code className="font-mono text-sm">{s.hint}</code>
                <p className="text-xs text-slate-500">
                  Created {s.created} · Last used {s.lastUsed}
                </p>
              </div>
              <ConfirmButton
                label="Revoke"
                ariaLabel={`Revoke secret ${s.hint}`}
                warning="Apps using it stop working at once."
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
        <p className="text-xs text-slate-500">
          {secrets.length >= max
            ? `At most ${max} secrets: revoke the old one once your servers use the new one.`
            : "The current secret keeps working until you revoke it, so you can rotate without downtime."}
        </p>
      </div>
    </div>
  );
}
