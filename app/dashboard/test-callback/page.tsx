import type { Metadata } from "next";
import Link from "next/link";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyableValue } from "@/components/ui/copy-button";
import { Alert } from "@/components/ui/alert";
import { formatDateTime } from "@/lib/dates";
import { TEST_CALLBACK_PATH } from "@/lib/apps/quick-start";
import { OWN_VERIFIER, testCallbackView, type ReturnedState } from "@/lib/apps/test-callback";
import { requireUser } from "@/lib/auth/session";
import { config, serverSecret } from "@/lib/config/env";
import { MAX_REDIRECT_URIS } from "@/lib/oauth/redirect-uri";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Test callback", referrer: "no-referrer", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Where the quick start's authorization ends when the app has the test callback registered. */
export default async function TestCallbackPage({ searchParams }: Props) {
  const query = await searchParams;
  const user = await requireUser(`${TEST_CALLBACK_PATH}?${new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])))}`);
  const view = await testCallbackView(user.id, query, { issuer: config().issuer, secret: serverSecret(), now: new Date() });

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader back={{ href: "/dashboard", label: "Your applications" }} title={"Test callback"}>
        <p className="mt-1 text-sm text-slate-600">
          Gatehouse&apos;s stand-in for your app&apos;s redirect URI, for trying the flow before you write one. It shows an
          authorization code only to the app&apos;s owner.
        </p>
      </PageHeader>
      {view.kind === "empty" ? (
        <Alert tone="info" title="Nothing arrived here yet">
          Add this page as a redirect URI from the quick start on your app&apos;s page, then open the authorize URL there. The
          authorization comes back here with a code or an error.
        </Alert>
      ) : null}
      {view.kind === "not_owner" ? (
        <Alert tone="warning" title="This page shows codes only to the app's owner">
          You approved an app that sends its users here, but only its developer may see the code. If someone asked you to open
          this page or read out what it shows, do not: you can remove the app&apos;s access on{" "}
          <Link href="/account" className="font-medium underline">
            your account page
          </Link>
          .
        </Alert>
      ) : null}
      {view.kind === "code_unusable" ? (
        <Alert tone="warning" title="This code can no longer be used">
          It was already exchanged, has expired (codes live a few minutes and work once), or is not a Gatehouse code. Open the
          authorize URL from your app&apos;s quick start again for a new one.
        </Alert>
      ) : null}
      {view.kind === "error" ? (
        <div className="space-y-3">
          <Alert tone="error" title={view.error ? `The authorization ended with an error: ${view.error}` : "The authorization ended with an error Gatehouse does not send"}>
            {view.description}
          </Alert>
          <ReturnedValues state={view.state} issuerMatches={view.issuerMatches} />
          <p className="text-sm text-slate-600">
            <code>access_denied</code> means the user chose Deny; the other errors are explained in the{" "}
            <Link href="/docs#errors" className="text-indigo-600 hover:underline">
              docs
            </Link>
            .
          </p>
          {view.app ? (
            <p className="text-sm">
              <Link href={`/dashboard/apps/${view.app.id}#quick-start`} className="text-indigo-600 hover:underline">
                Back to {view.app.name}
              </Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {view.kind === "code" ? (
        <div className="space-y-5">
          <Alert tone="success" title={`${view.app.name} received a code`}>
            It works once, until {formatDateTime(view.expiresAt, { seconds: true })}. This page is redirect URI {view.slot} of {MAX_REDIRECT_URIS} of the
            app; remove it in the app&apos;s settings before going live.
          </Alert>
          <div>
            <p className="text-sm font-medium text-slate-800">code</p>
            <CopyableValue value={view.code} testId="test-callback-code" />
          </div>
          <ReturnedValues state={view.state} issuerMatches={view.issuerMatches} />
          <div className="space-y-2">
            <h2 className="text-lg font-semibold">Exchange it for tokens</h2>
            <p className="text-sm text-slate-600">
              {view.app.clientType === "confidential" ? (
                <>
                  Run <code>read -rs CLIENT_SECRET</code> and paste your client secret, then run this.
                </>
              ) : (
                <>Run this: a public app has no secret.</>
              )}{" "}
              {view.state === "quick_start" ? (
                <>The code verifier is the one made with the quick start&apos;s authorize URL.</>
              ) : (
                <>
                  This authorization did not start from the quick start&apos;s authorize URL: put your own code verifier in place of{" "}
                  <code>{OWN_VERIFIER}</code>.
                </>
              )}
            </p>
            <CodeBlock code={view.tokenCurl} label="curl" />
            <p className="text-sm">
              <Link href={`/dashboard/apps/${view.app.id}#quick-start`} className="text-indigo-600 hover:underline">
                Back to {view.app.name}
              </Link>
            </p>
          </div>
        </div>
      ) : null}
    </div>
  );
}

const STATE_WORDS = { quick_start: "the quick start's, returned unchanged", other: "not one the quick start made (not shown here: your app compares it with the state it sent)" };

/** The state and iss the authorization came back with (RFC 9207: iss must be this server). */
function ReturnedValues({ state, issuerMatches }: { state: ReturnedState; issuerMatches: boolean | null }) {
  return (
    <dl className="grid gap-1 text-sm sm:grid-cols-[8rem_1fr]">
      <dt className="font-medium">state</dt>
      <dd>{state === null ? "(none)" : STATE_WORDS[state]}</dd>
      <dt className="font-medium">iss</dt>
      <dd>{issuerMatches === null ? "(none)" : issuerMatches ? "this server, as expected (RFC 9207)" : "another server: do not trust this answer"}</dd>
    </dl>
  );
}
