import { CopyButton } from "@/components/ui/copy-button";

export function CodeBlock({ code, label }: { code: string; label?: string }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-800 bg-slate-900">
      <div className="flex items-center justify-between border-b border-slate-700 px-3 py-1.5">
        <span className="text-xs font-medium text-slate-400">{label ?? ""}</span>
        <span className="[&_button]:text-slate-200 [&_button]:ring-slate-600 [&_button:hover]:bg-slate-800">
          <CopyButton value={code} />
        </span>
      </div>
      <pre tabIndex={0} aria-label={label ? `${label} (scrolls sideways)` : undefined} className="overflow-x-auto p-3 text-xs leading-relaxed text-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-400">
        <code>{code}</code>
      </pre>
    </div>
  );
}
