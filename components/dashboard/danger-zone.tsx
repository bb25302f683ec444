"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { countOf } from "@/components/ui/format";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { NAVIGATING, usePendingAction } from "@/components/ui/use-pending-action";

type Props = {
  appId: string;
  appName: string;
  userCount: number;
  revokeAllTokens: (form: FormData) => Promise<{ usersAffected: number }>;
  deleteApplication: (form: FormData) => Promise<{ ok: true } | { ok: false; error: string }>;
};

export function DangerZone({ appId, appName, userCount, revokeAllTokens, deleteApplication }: Props) {
  const router = useRouter();
  const [revokeResult, setRevokeResult] = useState<string | null>(null);
  const revoking = usePendingAction("Could not revoke the tokens. Please try again.");
  const deleting = usePendingAction("Could not delete the application. Please try again.");
  const deleteError = deleting.error;
  const users = (n: number) => countOf(n, "user");

  async function revokeAll() {
    const form = new FormData();
    form.set("appId", appId);
    setRevokeResult(null);
    await revoking.run(async () => {
      const { usersAffected } = await revokeAllTokens(form);
      setRevokeResult(`Revoked the access of ${users(usersAffected)}. They will be asked to approve again.`);
      router.refresh();
    });
  }

  async function remove(form: FormData) {
    await deleting.run(async () => {
      const result = await deleteApplication(form);
      if (!result.ok) return deleting.setError(result.error);
      router.push("/dashboard?deleted=1");
      return NAVIGATING;
    });
  }

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h3 className="font-medium">Revoke all user tokens</h3>
        <p className="text-sm text-slate-600">
          Every user&apos;s authorization, code and token for this app stops working at once; the app and its secrets stay.
          Currently {users(userCount)} authorized it.
        </p>
        {revokeResult ? <Alert tone="success">{revokeResult}</Alert> : null}
        {revoking.error ? <Alert tone="error">{revoking.error}</Alert> : null}
        <ConfirmButton
          label="Revoke all user tokens…"
          warning={`This signs ${users(userCount)} out of ${appName}.`}
          confirmLabel={`Yes, revoke for ${users(userCount)}`}
          onConfirm={revokeAll}
          disabled={userCount === 0}
        />
      </div>
      <form
        method="post"
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          void remove(new FormData(e.currentTarget));
        }}
      >
        <h3 className="font-medium">Delete this application</h3>
        <p className="text-sm text-slate-600">
          Deletes the app, its secrets and every grant and token it issued. This cannot be undone.
        </p>
        <input type="hidden" name="appId" value={appId} />
        <label htmlFor="confirm-name" className="block text-sm text-slate-800">
          Type <strong className="font-mono">{appName}</strong> to confirm
        </label>
        <div className="flex flex-wrap gap-2">
          <input
            id="confirm-name"
            name="confirmName"
            autoComplete="off"
            aria-invalid={deleteError ? true : undefined}
            aria-describedby={deleteError ? "confirm-name-error" : undefined}
            className="block w-full max-w-xs rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
          <Button type="submit" variant="danger" disabled={deleting.pending}>
            Delete application
          </Button>
        </div>
        {deleteError ? (
          <p id="confirm-name-error" role="alert" className="text-sm text-red-700">
            {deleteError}
          </p>
        ) : null}
      </form>
    </div>
  );
}
