"use client";

import type { InputHTMLAttributes, ReactNode } from "react";
import { LengthNotice } from "@/components/ui/length-notice";
import { useLengthLimit } from "@/components/ui/use-length-limit";

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
};

/** A labelled input whose error, hint and length limit are linked to it for assistive technology. */
export function Field({ label, name, error, hint, id, className, maxLength, onInput, onPaste, ...input }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  const limit = useLengthLimit(maxLength);
  const describedBy = [hint ? `${inputId}-hint` : null, error ? `${inputId}-error` : null, limit.notice ? `${inputId}-limit` : null].filter(Boolean).join(" ");
  return (
    <div className={className}>
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={inputId}
        name={name}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className={`mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm outline-none focus:ring-2 ${
          error ? "border-red-500 focus:ring-red-200" : "border-slate-300 focus:border-indigo-500 focus:ring-indigo-200"
        }`}
        onInput={(event) => {
          limit.onInput?.(event);
          onInput?.(event);
        }}
        onPaste={(event) => {
          limit.onPaste?.(event);
          onPaste?.(event);
        }}
        {...input}
      />
      {hint ? (
        <p id={`${inputId}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <LengthNotice id={`${inputId}-limit`} notice={limit.notice} />
      {error ? (
        <p id={`${inputId}-error`} className="mt-1 text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
