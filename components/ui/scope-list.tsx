type Scope = { name: string; description: string; personalData: boolean };

/** The scope catalogue as a list: name, plain words, and whether it is personal data. */
export function ScopeList({ scopes, label = "Scopes" }: { scopes: readonly Scope[]; label?: string }) {
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm" aria-label={label}>
      {scopes.map((s) => (
        <li key={s.name} className="flex flex-wrap items-baseline justify-between gap-2 px-3 py-2">
          <code className="font-mono">{s.name}</code>
          <span className="text-slate-600">
            {s.description}
            {s.personalData ? <span className="ml-2 text-xs text-amber-700">personal data</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
