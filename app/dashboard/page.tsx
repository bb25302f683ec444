import type { Metadata } from "next";
import Link from "next/link";
import { ApplicationList } from "@/components/dashboard/application-list";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { listApplications } from "@/lib/apps/applications";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Your applications" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DashboardPage({ searchParams }: Props) {
  const user = await requireUser("/dashboard");
  const [apps, params] = await Promise.all([listApplications(user.id), searchParams]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Your applications</h1>
          <p className="mt-1 text-sm text-slate-600">Apps that let people sign in with their Gatehouse account.</p>
        </div>
        {apps.length > 0 ? (
          <Link href="/dashboard/new" className={buttonClass("primary")}>
            New application
          </Link>
        ) : null}
      </div>
      {params.deleted ? <Alert tone="success">The application was deleted, with every token it issued.</Alert> : null}
      {apps.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center">
          <h2 className="text-lg font-semibold">Register your first application</h2>
          <p className="mx-auto mt-2 max-w-lg text-sm text-slate-600">
            An application is your website, mobile app or tool as Gatehouse knows it. It gets a client ID, a client
            secret if it runs on a server, and the redirect URIs where users come back after they approve.
          </p>
          <Link href="/dashboard/new" className={`${buttonClass("primary")} mt-5`}>
            New application
          </Link>
          <p className="mt-4 text-xs text-slate-600">
            New to OAuth? <Link href="/docs" className="text-indigo-600 hover:underline">Read how the flow works</Link>.
          </p>
          <p className="mx-auto mt-4 max-w-lg text-xs text-slate-600">
            Only here to sign in to apps that use Gatehouse? There is nothing to set up: the apps you approve, and what they can
            see, are on <Link href="/account" className="text-indigo-600 hover:underline">your account page</Link>.
          </p>
        </div>
      ) : (
        <ApplicationList
          apps={apps.map((a) => ({
            id: a.id,
            name: a.name,
            clientId: a.clientId,
            clientType: a.clientType,
            redirectUriCount: a.redirectUriCount,
            userCount: a.userCount,
            createdAt: a.createdAt,
          }))}
        />
      )}
    </div>
  );
}
