import { Code, Section } from "@/components/docs/section";
import { CodeBlock } from "@/components/ui/code-block";
import type { ErrorRow } from "@/lib/docs/integrator-guide";

type Props = { errors: ErrorRow[]; example: string; maxBodyKiB: number };

export function ErrorsSection({ errors, example, maxBodyKiB }: Props) {
  return (
    <Section id="errors" title="Errors">
      <p className="text-sm text-slate-600">
        Errors are JSON (RFC 6749 §5.2): <Code>{'{"error": "...", "error_description": "..."}'}</Code>. The description says what to
        fix. On the authorization endpoint they come back to your redirect URI as query parameters, except for an unknown client or
        redirect URI, which Gatehouse shows on its own error page.
      </p>
      <CodeBlock code={example} label="400 Bad Request · application/json" />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="Error codes table">
        <table className="w-full text-left text-sm max-sm:block" aria-label="Error codes">
          <thead className="bg-slate-50 text-xs uppercase text-slate-600 max-sm:sr-only">
            <tr>
              <th className="px-3 py-2">error</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">Meaning</th>
              <th className="px-3 py-2">What to do</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 max-sm:block">
            {errors.map(({ code, status, meaning, where, fix }) => (
              <tr key={code} id={`error-${code}`} className="max-sm:block max-sm:py-2">
                <td className="px-3 py-2 align-top font-mono text-xs font-semibold max-sm:block max-sm:py-1">{code}</td>
                <td className="px-3 py-2 align-top max-sm:block max-sm:py-1">
                  <span className="sm:hidden">Status: </span>
                  {status}
                </td>
                <td className="px-3 py-2 align-top text-slate-700 max-sm:block max-sm:py-1">
                  {meaning}
                  {where.length > 0 && <span className="mt-1 block text-xs text-slate-600">From: {where.join(", ")}</span>}
                </td>
                <td className="px-3 py-2 align-top text-slate-700 max-sm:block max-sm:py-1">
                  <span className="font-medium sm:hidden">What to do: </span>
                  {fix}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-sm text-slate-600">
        Other statuses: <strong>405</strong> with <Code>Allow</Code> for a wrong method, <strong>413</strong> for a body over{" "}
        {maxBodyKiB} KiB (both with <Code>invalid_request</Code>), and <strong>401</strong> without an error code from userinfo when no
        token was sent.
      </p>
    </Section>
  );
}
