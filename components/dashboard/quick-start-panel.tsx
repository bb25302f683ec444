import Link from "next/link";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyableValue } from "@/components/ui/copy-button";
import { ScopeList } from "@/components/ui/scope-list";

type Props = {
  quickStart: { authorizeUrl: string; tokenCurl: string; refreshCurl: string; metadataUrl: string };
  clientType: string;
  scopes: { name: string; description: string; personalData: boolean }[];
};

export function QuickStartPanel({ quickStart, clientType, scopes }: Props) {
  return (
    <ol className="space-y-6 text-sm">
      <li className="space-y-2">
        <h3 className="font-medium">1. Send the user to the authorize URL</h3>
        <p className="text-slate-600">
          Replace <code>RANDOM_STATE</code> with a fresh random value you keep in the user&apos;s session, and the challenge
          with the base64url SHA-256 of a fresh random <code>code_verifier</code>
          {clientType === "public" ? " (required for public apps)" : " (recommended)"}.
        </p>
        <CodeBlock code={quickStart.authorizeUrl} label="Authorize URL" />
      </li>
      <li className="space-y-2">
        <h3 className="font-medium">2. Exchange the code from your server</h3>
        <p className="text-slate-600">
          The user comes back to your redirect URI with <code>code</code>, <code>state</code> and <code>iss</code>. Check
          that the state is yours, then:
        </p>
        <CodeBlock code={quickStart.tokenCurl} label="curl" />
      </li>
      <li className="space-y-2">
        <h3 className="font-medium">3. Refresh before the access token expires</h3>
        <p className="text-slate-600">Every refresh returns a new refresh token; store it and discard the old one.</p>
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
        <p className="text-xs text-slate-500">
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
