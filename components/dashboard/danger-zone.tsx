"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { countOf } from "@/components/ui/format";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { TypedConfirmationForm } from "@/components/ui/typed-confirmation-form";
import { usePendingAction } from "@/components/ui/use-pending-action";

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
      <TypedConfirmationForm
        id="confirm-name"
        title="Delete this application"
        phrase={appName}
        hidden={{ appId }}
        fieldName="confirmName"
        submitLabel="Delete application"
        failure="Could not delete the application. Please try again."
        submit={deleteApplication}
        destination={() => "/dashboard?deleted=1"}
      >
        Deletes the app, its secrets and every grant and token it issued. This cannot be undone.
      </TypedConfirmationForm>
    </div>
  );
}
