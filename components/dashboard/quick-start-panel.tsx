import Link from "next/link";
import { AddTestCallbackButton } from "@/components/dashboard/add-test-callback";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyableValue } from "@/components/ui/copy-button";
import { ScopeList } from "@/components/ui/scope-list";
import type { QuickStart } from "@/lib/apps/quick-start";
import type { ListedScope } from "@/lib/apps/scope-listing";
import { MAX_REDIRECT_URIS } from "@/lib/oauth/redirect-uri";

type Props = {
  appId: string;
  quickStart: QuickStart;
  testCallback: string;
  clientType: string;
  scopes: ListedScope[];
  redirectUriCount: number;
  addTestCallback: (form: FormData) => Promise<{ ok: true; slot: number } | { ok: false; error: string }>;
};

export function QuickStartPanel({ appId, quickStart, testCallback, clientType, scopes, redirectUriCount, addTestCallback }: Props) {
  const confidential = clientType === "confidential";
  return (
    <ol className="space-y-6 text-sm">
      <li className="space-y-2" data-testid="test-callback-step">
        <h3 className="font-medium">0. Try it before you write a callback</h3>
        {quickStart.testCallbackSlot ? (
          <p className="text-slate-600">
            The test callback <code className="break-all font-mono">{testCallback}</code> is redirect URI {quickStart.testCallbackSlot} of{" "}
            {MAX_REDIRECT_URIS}: the authorize URL below ends there, on a page that shows you (the app&apos;s owner, and nobody
            else) the code and the token request ready to run. Remove it in Settings before you go live.
          </p>
        ) : (
          <>
            <p className="text-slate-600">
              Gatehouse can receive the redirect for you: add <code className="break-all font-mono">{testCallback}</code> as a redirect
              URI and the authorize URL below ends on a page that shows you the code and the token request ready to run. Only you,
              the app&apos;s owner, see codes there.
            </p>
            {quickStart.canAddTestCallback ? (
              <AddTestCallbackButton appId={appId} slot={redirectUriCount + 1} addTestCallback={addTestCallback} />
            ) : (
              <p className="text-slate-600">
                All {MAX_REDIRECT_URIS} redirect URI slots are in use: remove one in{" "}
                <a href="#settings" className="text-indigo-600 hover:underline">
                  Settings
                </a>{" "}
                to add the test callback.
              </p>
            )}
          </>
        )}
      </li>
      <li className="space-y-2">
        <h3 className="font-medium">1. Open the authorize URL in a browser</h3>
        <p className="text-slate-600">
          It carries a fresh <code>state</code> and a PKCE challenge ({quickStart.pkceMethod}) made for this visit{confidential ? "" : ", required for public apps"}; reload
          the page for a new pair. Your app makes both per sign-in and keeps them in the user&apos;s session. It comes back to{" "}
          <code className="break-all font-mono">{quickStart.redirectUri}</code>.
        </p>
        <CodeBlock code={quickStart.authorizeUrl} label="Authorize URL" />
      </li>
      <li className="space-y-2">
        <h3 className="font-medium">{confidential ? "2. Exchange the code from your server" : "2. Exchange the code from the app"}</h3>
        <p className="text-slate-600">
          The redirect carries <code>code</code>, <code>state</code> and <code>iss</code>: check that the state is the one you sent. A code
          works once, within minutes.{" "}
          {confidential ? (
            <>
              The command reads your client secret from <code>$CLIENT_SECRET</code>: run <code>read -rs CLIENT_SECRET</code> and paste it
              first, so it stays out of your shell history.
            </>
          ) : (
            <>A public app has no secret: the <code>code_verifier</code> proves the code was issued to it.</>
          )}{" "}
          {quickStart.testCallbackSlot ? "The test callback page shows this command with the code filled in." : "Replace CODE_FROM_THE_CALLBACK with the code."}
        </p>
        <CodeBlock code={quickStart.tokenCurl} label="curl" />
      </li>
      <li className="space-y-2">
        <h3 className="font-medium">3. Refresh, then use the new access token everywhere</h3>
        <ul className="list-disc space-y-1 pl-5 text-slate-600" data-testid="refresh-guidance">
          {quickStart.refreshGuidance.map((sentence) => (
            <li key={sentence}>{sentence}</li>
          ))}
        </ul>
        <CodeBlock code={quickStart.refreshCurl} label="curl" />
      </li>
      <li className="space-y-2">
        <h3 className="font-medium">Server metadata</h3>
        <p className="text-slate-600">OAuth libraries can configure themselves from it (RFC 8414).</p>
        <CopyableValue value={quickStart.metadataUrl} />
      </li>
      <li className="space-y-2">
        <h3 className="font-medium">Scopes you can request</h3>
        <ScopeList scopes={scopes} label="Scopes you can request" />
        <p className="text-xs text-slate-600">
          The full flow, every error and examples in curl, JavaScript and Python are in the{" "}
          <Link href="/docs" className="text-indigo-600 hover:underline">
            integrator docs
          </Link>
          .
        </p>
      </li>
    </ol>
  );
}
