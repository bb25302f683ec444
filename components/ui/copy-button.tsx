"use client";

import { useState } from "react";

/** Copies a value to the clipboard and says so. */
export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        } catch {
          setCopied(false);
        }
      }}
      className="shrink-0 rounded-md px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-100"
      aria-label={copied ? "Copied" : `${label} to clipboard`}
    >
      {copied ? "Copied" : label}
    </button>
  );
}

/** A value in monospace with a copy button beside it. */
export function CopyableValue({ value, testId }: { value: string; testId?: string }) {
  return (
    <div className="flex items-center gap-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2">
      <code data-testid={testId} className="min-w-0 flex-1 break-all font-mono text-sm text-slate-900">
        {value}
      </code>
      <CopyButton value={value} />
    </div>
  );
}
