"use client";

import { useState } from "react";
import { CodeBlock } from "@/components/ui/code-block";

type Tabs = readonly (readonly [key: string, name: string])[];

const LANGUAGES: Tabs = [
  ["curl", "curl"],
  ["javascript", "JavaScript"],
  ["python", "Python"],
];

/** One example in several tabs: by default curl, JavaScript (fetch) and Python (requests). */
export function CodeTabs({ example, label, tabs = LANGUAGES }: { example: Record<string, string>; label: string; tabs?: Tabs }) {
  const [selected, setSelected] = useState(tabs[0]![0]);
  const name = tabs.find(([k]) => k === selected)![1];
  return (
    <div>
      <div role="tablist" aria-label={`${label} examples`} className="mb-2 flex flex-wrap gap-1">
        {tabs.map(([key, tabName]) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={selected === key}
            onClick={() => setSelected(key)}
            className={`min-h-8 rounded-md px-2.5 py-1 text-xs font-medium ${selected === key ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
          >
            {tabName}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={`${label} · ${name}`}>
        <CodeBlock code={example[selected]!} label={`${label} · ${name}`} />
      </div>
    </div>
  );
}
