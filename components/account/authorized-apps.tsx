"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { usePendingAction } from "@/components/ui/use-pending-action";
import type { AuthorizedApp } from "@/lib/account/authorized-apps";

/** An authorized app as the page shows it: its dates already in words. */
export type AuthorizedAppView = Omit<AuthorizedApp, "firstAuthorized" | "lastUsed"> & { firstAuthorized: string; lastUsed: string };

type Props = { apps: AuthorizedAppView[]; revoke: (form: FormData) => Promise<{ ok: boolean }> };

export function AuthorizedApps({ apps, revoke }: Props) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const { error, run } = usePendingAction("Could not revoke access. Please try again.");

  async function confirmRevoke(app: AuthorizedAppView) {
    const form = new FormData();
    form.set("grantId", app.grantId);
    setMessage(null);
    await run(async () => {
      const { ok } = await revoke(form);
      setMessage(ok ? `${app.appName} can no longer access your account.` : "That app was already revoked.");
      router.refresh();
    });
  }

  return (
    <div className="space-y-3">
      {message ? <Alert tone="success">{message}</Alert> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      {apps.length === 0 ? (
        <p className="text-sm text-slate-600">
          You have not authorized any apps yet. When an app asks to use your Gatehouse account and you approve, it appears
          here and you can revoke it at any time.
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200" aria-label="Authorized apps">
          {apps.map((app) => (
            <li key={app.grantId} className="space-y-2 p-4" data-testid="authorized-app">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="font-medium">{app.appName}</p>
                  <p className="text-xs text-slate-500">
                    by {app.ownerName}
                    {app.homepageUrl ? (
                      <>
                        {" · "}
                        <a href={app.homepageUrl} rel="noopener noreferrer nofollow" target="_blank" className="break-all text-indigo-600 hover:underline">
                          {app.homepageUrl}
                        </a>
                      </>
                    ) : null}
                  </p>
                </div>
                <ConfirmButton
                  label="Revoke access"
                  ariaLabel={`Revoke access for ${app.appName}`}
                  warning={`${app.appName} loses access at once: every token it holds for you stops working.`}
                  confirmLabel="Yes, revoke"
                  onConfirm={() => confirmRevoke(app)}
                />
              </div>
              <ul className="list-inside list-disc text-sm text-slate-700" aria-label={`What ${app.appName} may do`}>
                {app.scopes.map((s) => (
                  <li key={s.name}>
                    {s.description} <code className="ml-1 text-xs text-slate-600">{s.name}</code>
                    {s.personalData ? <span className="ml-2 whitespace-nowrap rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">personal data</span> : null}
                  </li>
                ))}
              </ul>
              <p className="text-xs text-slate-500">
                First authorized {app.firstAuthorized} · Last used {app.lastUsed}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
