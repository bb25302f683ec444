type Scope = { name: string; description: string; personalData: boolean; note?: string | null };

/** The scope catalogue as a list: name, plain words, whether it is personal data, and what else applies (lib/apps/scope-listing.ts). */
export function ScopeList({ scopes, label = "Scopes" }: { scopes: readonly Scope[]; label?: string }) {
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm" aria-label={label}>
      {scopes.map((s) => (
        <li key={s.name} className="flex flex-wrap items-baseline justify-between gap-2 px-3 py-2">
          <code className="font-mono">{s.name}</code>
          <span className="text-slate-600">
            {s.description}
            {s.personalData ? <span className="ml-2 text-xs text-amber-700">personal data</span> : null}
            {s.note ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{s.note}</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
