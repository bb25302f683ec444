import type { ReactNode } from "react";

export type AuthorizationStopProps = { title: string; detail: string; received?: string; note: ReactNode; reference?: string };

/** Why an authorization stopped on Gatehouse, with the value received (escaped by React) and what to do next. */
export function AuthorizationStop({ title, detail, received, note, reference }: AuthorizationStopProps) {
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-xl border border-red-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-bold text-red-800">{title}</h1>
      <p className="mt-2 text-sm leading-relaxed text-slate-700 [overflow-wrap:anywhere]">{detail}</p>
      {received ? (
        <>
          <p className="mt-4 text-sm font-semibold text-slate-900">Value received</p>
          <pre className="mt-1 whitespace-pre-wrap break-all rounded-md bg-slate-100 p-2.5 font-mono text-sm text-slate-800">{received.slice(0, 2048)}</pre>
        </>
      ) : null}
      <p className="mt-5 text-sm text-slate-600">{note}</p>
      {reference ? (
        <p className="mt-4 text-xs text-slate-500">
          Reference for a support request: <code className="font-mono text-slate-700 [overflow-wrap:anywhere]">{reference}</code>
        </p>
      ) : null}
    </div>
  );
}
