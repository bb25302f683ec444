"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { usePendingAction } from "@/components/ui/use-pending-action";
import { LengthNotice } from "@/components/ui/length-notice";
import { useLengthLimit } from "@/components/ui/use-length-limit";

export type ApprovalView = { id: string; scope: string; appName: string; clientId: string; ownerEmail: string; reason: string; note: string | null; when: string };
type Result = { ok: true; usersAffected?: number } | { ok: false; error: string };

type Props = {
  pending: ApprovalView[];
  approved: ApprovalView[];
  decide: (form: FormData) => Promise<Result>;
  revoke: (form: FormData) => Promise<Result>;
};

/** Pending restricted-scope requests to approve or deny, and the approvals in force to revoke. */
export function ScopeRequests({ pending, approved, decide, revoke }: Props) {
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="space-y-6">
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      <section aria-labelledby="pending-requests-title" className="space-y-3">
        <h3 id="pending-requests-title" className="font-medium">
          Waiting for a decision
        </h3>
        {pending.length === 0 ? <p className="text-sm text-slate-600">No request is waiting.</p> : null}
        {pending.map((r) => (
          <DecisionForm key={r.id} approval={r} onDone={setNotice} action={decide} kind="decide" />
        ))}
      </section>
      <section aria-labelledby="approved-title" className="space-y-3">
        <h3 id="approved-title" className="font-medium">
          Approved
        </h3>
        {approved.length === 0 ? <p className="text-sm text-slate-600">No restricted scope is approved for any app.</p> : null}
        {approved.map((r) => (
          <DecisionForm key={r.id} approval={r} onDone={setNotice} action={revoke} kind="revoke" />
        ))}
      </section>
    </div>
  );
}

function DecisionForm({ approval, action, kind, onDone }: { approval: ApprovalView; action: Props["decide"]; kind: "decide" | "revoke"; onDone: (notice: string) => void }) {
  const router = useRouter();
  const { pending, error, setError, run } = usePendingAction("Could not save the decision. Reload the page and try again.");
  const noteId = `note-${kind}-${approval.id}`;
  const limit = useLengthLimit(500);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const form = new FormData(event.currentTarget);
    form.set("approvalId", approval.id);
    if (submitter?.value) form.set("decision", submitter.value);
    await run(async () => {
      const result = await action(form);
      if (!result.ok) return setError(result.error);
      const decision = String(form.get("decision") ?? "revoke");
      onDone(
        kind === "revoke"
          ? `Revoked ${approval.scope} for ${approval.appName}: ${result.usersAffected ?? 0} ${result.usersAffected === 1 ? "user" : "users"} lost it and will be asked to approve the rest again.`
          : `${decision === "approve" ? "Approved" : "Denied"} ${approval.scope} for ${approval.appName}.`,
      );
      router.refresh();
    });
  }

  return (
    <form method="post" onSubmit={submit} className="space-y-2 rounded-lg border border-slate-200 p-3" data-testid={kind === "decide" ? "scope-request" : "scope-approval"}>
      <p className="text-sm [overflow-wrap:anywhere]">
        <code className="font-mono">{approval.scope}</code> for <strong>{approval.appName}</strong>{" "}
        <span className="text-slate-500">
          ({approval.clientId}, by {approval.ownerEmail}, {approval.when})
        </span>
      </p>
      <p className="text-sm text-slate-700 [overflow-wrap:anywhere]">Reason: {approval.reason}</p>
      {approval.note ? <p className="text-sm text-slate-700 [overflow-wrap:anywhere]">Note: {approval.note}</p> : null}
      <label htmlFor={noteId} className="block text-xs font-medium text-slate-700">
        {kind === "decide" ? "Note for the developer (optional)" : "Why it is revoked (optional, the developer sees it)"}
      </label>
      <input
        id={noteId}
        name="note"
        maxLength={500}
        autoComplete="off"
        onInput={limit.onInput}
        onPaste={limit.onPaste}
        aria-describedby={limit.notice ? `${noteId}-limit` : undefined}
        className="block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm"
      />
      <LengthNotice id={`${noteId}-limit`} notice={limit.notice} />
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        {kind === "decide" ? (
          <>
            <Button type="submit" name="decision" value="approve" disabled={pending}>
              Approve
            </Button>
            <Button type="submit" name="decision" value="deny" variant="secondary" disabled={pending}>
              Deny
            </Button>
          </>
        ) : (
          <Button type="submit" variant="danger" disabled={pending} aria-label={`Revoke ${approval.scope} for ${approval.appName}`}>
            Revoke approval
          </Button>
        )}
      </div>
      {kind === "revoke" ? <p className="text-xs text-slate-500">Revoking ends this app&apos;s live authorizations that carry the scope; its users approve the rest again.</p> : null}
    </form>
  );
}
