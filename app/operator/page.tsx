import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatDate, formatDateTime } from "@/lib/dates";
import { requireOperator } from "@/lib/auth/session";
import { decideRequestAction, revokeApprovalAction } from "@/app/operator/actions";
import { ScopeRequests, type ApprovalView } from "@/components/operator/scope-requests";
import { findApiDeletion, listRegisteredApis, recentActivity } from "@/lib/operator/apis";
import { approvedScopes, pendingRequests, type ApprovalWithApp } from "@/lib/operator/approvals";

export const metadata: Metadata = { title: "Operator" };

const ACTIVITY_SHOWN = 50;

const approvalView = (a: ApprovalWithApp): ApprovalView => ({
  id: a.id,
  scope: a.scope,
  appName: a.application.name,
  clientId: a.application.clientId,
  ownerEmail: a.application.owner.email,
  reason: a.reason,
  note: a.note,
  when: formatDateTime(a.decidedAt ?? a.updatedAt),
});

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function OperatorPage({ searchParams }: Props) {
  const operator = await requireOperator();
  const [apis, activity, pending, approved, deletion] = await Promise.all([
    listRegisteredApis(),
    recentActivity(ACTIVITY_SHOWN),
    pendingRequests(),
    approvedScopes(),
    searchParams.then((params) => findApiDeletion(operator, params.deleted)),
  ]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Operator</h1>
          <p className="mt-1 text-sm text-slate-600">Your own APIs, the scopes they own, and what operators did.</p>
        </div>
        <Link href="/operator/apis/new" className={buttonClass("primary")}>
          Register an API
        </Link>
      </div>
      {deletion ? (
        <Alert tone="success">
          The API {deletion.identifier} was deleted{deletion.detail ? ` (${deletion.detail})` : ""}.
        </Alert>
      ) : null}

      <Card id="apis" title="Registered APIs" description="Each API validates Gatehouse access tokens at the introspection endpoint with its own credentials.">
        {apis.length === 0 ? (
          <p className="text-sm text-slate-600">
            No API is registered yet. Register one to give it scopes that apps can request and credentials to introspect the tokens it receives.
          </p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200" aria-label="Registered APIs">
            {apis.map((api) => (
              <li key={api.id} className="flex flex-wrap items-center justify-between gap-3 p-3">
                <div className="min-w-0 [overflow-wrap:anywhere]">
                  <Link href={`/operator/apis/${api.id}`} className="font-medium text-indigo-700 hover:underline">
                    {api.name}
                  </Link>
                  <p className="font-mono text-xs text-slate-600">{api.identifier}</p>
                </div>
                <p className="text-xs text-slate-500">
                  {api.scopeCount} {api.scopeCount === 1 ? "scope" : "scopes"} · registered {formatDate(api.createdAt)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card id="scope-requests" title="Restricted scope requests" description="Developers ask to use a restricted scope in one of their apps. You cannot decide on requests for apps you own.">
        <ScopeRequests pending={pending.map(approvalView)} approved={approved.map(approvalView)} decide={decideRequestAction} revoke={revokeApprovalAction} />
      </Card>

      <Card id="activity" title="Activity" description={`What operators did, newest first (the last ${ACTIVITY_SHOWN}).`}>
        {activity.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing yet.</p>
        ) : (
          // On a phone each entry is a block of its own (the headings stay for screen readers), so
          // long emails and identifiers wrap inside the card instead of widening the page.
          <table className="w-full text-left text-sm max-sm:block" aria-label="Operator activity">
            <thead className="text-xs text-slate-500 max-sm:sr-only">
              <tr>
                <th className="py-1 pr-3 font-medium">When</th>
                <th className="py-1 pr-3 font-medium">Who</th>
                <th className="py-1 pr-3 font-medium">What</th>
                <th className="py-1 font-medium">On</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 max-sm:block">
              {activity.map((entry) => (
                <tr key={entry.id} data-testid="activity-row" className="align-top max-sm:block max-sm:py-2">
                  <td className="py-1.5 pr-3 whitespace-nowrap text-slate-600 max-sm:block max-sm:py-0 max-sm:text-xs">{formatDateTime(entry.createdAt)}</td>
                  <td className="py-1.5 pr-3 [overflow-wrap:anywhere] max-sm:block max-sm:py-0">{entry.actorEmail}</td>
                  <td className="py-1.5 pr-3 font-mono text-xs max-sm:block max-sm:py-0">{entry.action}</td>
                  <td className="py-1.5 [overflow-wrap:anywhere] max-sm:block max-sm:py-0">
                    <span className="font-mono text-xs">{entry.subject}</span>
                    {entry.detail ? <span className="block text-xs text-slate-500">{entry.detail}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
