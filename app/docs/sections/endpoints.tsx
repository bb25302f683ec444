import { Code, Section } from "@/components/docs/section";
import { BreakableUrl } from "@/components/docs/url";
import type { IntegratorGuide } from "@/lib/docs/integrator-guide";

type Props = Pick<IntegratorGuide, "endpointRows" | "maxBodyKiB" | "crossOrigin">;

export function EndpointsSection({ endpointRows, maxBodyKiB, crossOrigin }: Props) {
  return (
    <Section id="endpoints" title="Endpoints">
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="Endpoints table">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs uppercase text-slate-600">
            <tr>
              <th className="px-3 py-2">Endpoint</th>
              <th className="px-3 py-2">Method</th>
              <th className="px-3 py-2">URL</th>
              <th className="px-3 py-2">Authentication</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {endpointRows.map(({ name, methods, url, authentication }) => (
              <tr key={name}>
                <td className="px-3 py-2 font-medium">{name}</td>
                <td className="px-3 py-2">{methods}</td>
                <td className="px-3 py-2 font-mono text-xs">
                  <BreakableUrl url={url} />
                </td>
                <td className="px-3 py-2 text-slate-600">{authentication}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-sm text-slate-600">
        POST bodies are <Code>application/x-www-form-urlencoded</Code>, at most {maxBodyKiB} KiB; each parameter at most once.{" "}
        {crossOrigin} allow cross-origin calls from browser apps (CORS, no cookies).
      </p>
    </Section>
  );
}
