"use client";

import { useState } from "react";
import { CodeBlock } from "@/components/ui/code-block";

const LANGUAGES = [
  ["curl", "curl"],
  ["javascript", "JavaScript"],
  ["python", "Python"],
] as const;

/** One example in curl, JavaScript (fetch) and Python (requests), one tab each. */
export function CodeTabs({ example, label }: { example: Record<"curl" | "javascript" | "python", string>; label: string }) {
  const [language, setLanguage] = useState<(typeof LANGUAGES)[number][0]>("curl");
  return (
    <div>
      <div role="tablist" aria-label={`${label} examples`} className="mb-2 flex gap-1">
        {LANGUAGES.map(([key, name]) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={language === key}
            onClick={() => setLanguage(key)}
            className={`rounded-md px-2.5 py-1 text-xs font-medium ${language === key ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}
          >
            {name}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        <CodeBlock code={example[language]} label={`${label} · ${LANGUAGES.find(([k]) => k === language)![1]}`} />
      </div>
    </div>
  );
}
