"use client";

import { useState, type ReactNode } from "react";

type Props = {
  /** The inputs' name: every row posts under it, in order. */
  name: string;
  /** What one URI is called, capitalised: "Redirect URI" labels rows "Redirect URI 1", ... */
  label: string;
  /** Prefix of the rows' ids: row i is `${idPrefix}-${i}`, its error `${idPrefix}-${i}-error`. */
  idPrefix: string;
  hint: ReactNode;
  placeholder: string;
  max: number;
  initial: string[];
  errors: (string | undefined)[];
  formError?: string;
  /** Whether the list may be left empty: its last row can then be removed too (leaving one blank row). */
  optional?: boolean;
  /** Shown under the rows, with them to read and to replace (the create form's test callback). */
  children?: (uris: string[], setUris: (uris: string[]) => void) => ReactNode;
};

/**
 * Up to `max` URI inputs; errors[i] is shown under input i. No maxlength: a URI cut short
 * silently would be another URI, so an over-long one goes to the server and is refused there in
 * words (at most 2048 characters).
 */
export function UriListFields({ name, label, idPrefix, hint, placeholder, max, initial, errors, formError, optional = false, children }: Props) {
  const [uris, setUris] = useState<string[]>(initial.length > 0 ? initial.slice(0, max) : [""]);
  const update = (i: number, value: string) => setUris((list) => list.map((u, j) => (j === i ? value : u)));
  const remove = (i: number) => setUris((list) => (list.length > 1 ? list.filter((_, j) => j !== i) : [""]));
  const removable = uris.length > 1 || (optional && uris[0] !== "");
  // In running text: "Redirect URI" becomes "redirect URI", its initialism kept.
  const noun = label.charAt(0).toLowerCase() + label.slice(1);

  return (
    <fieldset aria-describedby={formError ? `${idPrefix}s-error` : `${idPrefix}s-hint`}>
      <legend className="block text-sm font-medium text-slate-800">
        {label}s{optional ? <span className="font-normal text-slate-500"> (optional)</span> : null}
      </legend>
      <p id={`${idPrefix}s-hint`} className="mt-1 text-xs text-slate-500">
        {hint}
      </p>
      <ol className="mt-2 space-y-2">
        {uris.map((uri, i) => {
          const id = `${idPrefix}-${i}`;
          return (
            <li key={i}>
              <div className="flex gap-2">
                <label htmlFor={id} className="sr-only">
                  {label} {i + 1}
                </label>
                <input
                  id={id}
                  name={name}
                  value={uri}
                  onChange={(e) => update(i, e.target.value)}
                  inputMode="url"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={i === 0 ? placeholder : `Another ${noun}`}
                  aria-invalid={errors[i] ? true : undefined}
                  aria-describedby={errors[i] ? `${id}-error` : undefined}
                  className={`block w-full rounded-md border bg-white px-3 py-2 font-mono text-sm shadow-sm outline-none focus:ring-2 ${
                    errors[i] ? "border-red-500 focus:ring-red-200" : "border-slate-300 focus:border-indigo-500 focus:ring-indigo-200"
                  }`}
                />
                {removable ? (
                  <button
                    type="button"
                    onClick={() => remove(i)}
                    className="shrink-0 rounded-md px-2.5 text-sm text-slate-600 ring-1 ring-inset ring-slate-300 hover:bg-slate-100"
                    aria-label={`Remove ${noun} ${i + 1}`}
                  >
                    Remove
                  </button>
                ) : null}
              </div>
              {errors[i] ? (
                <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700 [overflow-wrap:anywhere]">
                  {errors[i]}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      {uris.length < max ? (
        <button type="button" onClick={() => setUris((list) => [...list, ""])} className="mt-2 text-sm font-medium text-indigo-600 hover:underline">
          + Add another {noun}
        </button>
      ) : (
        <p className="mt-2 text-xs text-slate-500">
          An application can have at most {max} {noun}s.
        </p>
      )}
      {children?.(uris, setUris)}
      {formError ? (
        <p id={`${idPrefix}s-error`} role="alert" className="mt-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}
    </fieldset>
  );
}
