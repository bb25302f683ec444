import Link from "next/link";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyableValue } from "@/components/ui/copy-button";

export type RefusalView = { when: string; status: number; challenge: string };

type Props = {
  /** Where the API serves its document. */
  url: string;
  /** The document, as the API serves it. */
  json: string;
  hasScopes: boolean;
  refusals: RefusalView[];
};

const code = "rounded bg-slate-100 px-1 font-mono text-[0.85em]";

/** What a registered API publishes about itself (RFC 9728): the document, where it lives, and the header that points to it. */
export function ResourceMetadataPanel({ url, json, hasScopes, refusals }: Props) {
  return (
    <div className="space-y-6">
      <section aria-labelledby="resource-metadata-serve" className="space-y-3">
        <h3 id="resource-metadata-serve" className="text-sm font-semibold text-slate-900">
          1. Serve this document from your API
        </h3>
        <p className="text-sm text-slate-700">
          Answer <code className={code}>GET</code> at this URL with <code className={code}>200</code> and{" "}
          <code className={code}>Content-Type: application/json</code>, to anyone, without a token:
        </p>
        <CopyableValue value={url} testId="resource-metadata-url" />
        <div data-testid="resource-metadata-document">
          <CodeBlock code={json} label="Protected resource metadata (JSON)" />
        </div>
        <p className="text-xs text-slate-600">
          <code className={code}>resource</code> is this API&apos;s identifier: clients send it as <code className={code}>resource</code>{" "}
          when they ask for a token, and the token they get is bound to this API.{" "}
          {hasScopes ? (
            <>
              <code className={code}>scopes_supported</code> lists the scopes above as they are now: serve the new document when you add or
              delete one.
            </>
          ) : (
            <>
              The API has no scopes yet, so the document leaves <code className={code}>scopes_supported</code> out (RFC 9728 §3.2); it
              appears once you add one.
            </>
          )}
        </p>
      </section>

      <section aria-labelledby="resource-metadata-refuse" className="space-y-3">
        <h3 id="resource-metadata-refuse" className="text-sm font-semibold text-slate-900">
          2. Point to it when you refuse a request
        </h3>
        <p className="text-sm text-slate-700">
          Send <code className={code}>WWW-Authenticate</code> with <code className={code}>resource_metadata</code> (RFC 9728 §5.1) and the
          error of RFC 6750 §3, so a client that calls without a valid token learns where to get one:
        </p>
        <ul className="space-y-3" aria-label="WWW-Authenticate headers">
          {refusals.map((refusal) => (
            <li key={refusal.challenge} data-testid="resource-refusal" className="space-y-1">
              <p className="text-sm text-slate-800">
                <span className="mr-2 rounded bg-slate-900 px-1.5 py-0.5 font-mono text-xs font-semibold text-white">{refusal.status}</span>
                {refusal.when}
              </p>
              <CopyableValue value={refusal.challenge} />
            </li>
          ))}
        </ul>
        <p className="text-xs text-slate-600">
          The step-by-step guide, with the checks your API makes on each token, is{" "}
          <Link href="/docs/protect-your-api#resource-metadata" className="text-indigo-600 hover:underline">
            Protect your API
          </Link>
          .
        </p>
      </section>
    </div>
  );
}
