"use client";

import { useState } from "react";
import { withTestCallback } from "@/lib/apps/redirect-uri-rows";
import { MAX_REDIRECT_URIS } from "@/lib/oauth/redirect-uri";

type Props = {
  initial: string[];
  errors: (string | undefined)[];
  formError?: string;
  clientType: string;
  /** This server's test callback, offered in one click (on the create form). */
  testCallback?: string;
};

/**
 * One to three redirect URI inputs, all named redirectUris; errors[i] is shown under input i. No
 * maxlength: a redirect URI cut short silently would be another URI, so an over-long one goes to
 * the server and is refused there in words (at most 2048 characters).
 */
export function RedirectUriFields({ initial, errors, formError, clientType, testCallback }: Props) {
  const [uris, setUris] = useState<string[]>(initial.length > 0 ? initial.slice(0, MAX_REDIRECT_URIS) : [""]);
  const update = (i: number, value: string) => setUris((list) => list.map((u, j) => (j === i ? value : u)));
  const withCallback = testCallback ? withTestCallback(uris, testCallback) : null;
  const example = clientType === "public" ? "http://127.0.0.1/callback or com.example.app:/callback" : "https://app.example.com/callback";

  return (
    <fieldset aria-describedby={formError ? "redirect-uris-error" : "redirect-uris-hint"}>
      <legend className="block text-sm font-medium text-slate-800">Redirect URIs</legend>
      <p id="redirect-uris-hint" className="mt-1 text-xs text-slate-500">
        Where Gatehouse may send users back with a code, matched exactly. 1 to 3; https, or http on localhost, 127.0.0.1
        and [::1]. Example: {example}
      </p>
      <ol className="mt-2 space-y-2">
        {uris.map((uri, i) => {
          const id = `redirect-uri-${i}`;
          return (
            <li key={i}>
              <div className="flex gap-2">
                <label htmlFor={id} className="sr-only">
                  Redirect URI {i + 1}
                </label>
                <input
                  id={id}
                  name="redirectUris"
                  value={uri}
                  onChange={(e) => update(i, e.target.value)}
                  inputMode="url"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={i === 0 ? example.split(" or ")[0] : "Another redirect URI"}
                  aria-invalid={errors[i] ? true : undefined}
                  aria-describedby={errors[i] ? `${id}-error` : undefined}
                  className={`block w-full rounded-md border bg-white px-3 py-2 font-mono text-sm shadow-sm outline-none focus:ring-2 ${
                    errors[i] ? "border-red-500 focus:ring-red-200" : "border-slate-300 focus:border-indigo-500 focus:ring-indigo-200"
                  }`}
                />
                {uris.length > 1 ? (
                  <button
                    type="button"
                    onClick={() => setUris((list) => list.filter((_, j) => j !== i))}
                    className="shrink-0 rounded-md px-2.5 text-sm text-slate-600 ring-1 ring-inset ring-slate-300 hover:bg-slate-100"
                    aria-label={`Remove redirect URI ${i + 1}`}
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
      {uris.length < MAX_REDIRECT_URIS ? (
        <button type="button" onClick={() => setUris((list) => [...list, ""])} className="mt-2 text-sm font-medium text-indigo-600 hover:underline">
          + Add another redirect URI
        </button>
      ) : (
        <p className="mt-2 text-xs text-slate-500">An application can have at most 3 redirect URIs.</p>
      )}
      {withCallback ? (
        <div className="mt-3 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm">
          <button type="button" onClick={() => setUris(withCallback)} className="font-medium text-indigo-600 hover:underline">
            Use the test callback
          </button>
          <p className="mt-1 text-xs text-slate-600">
            No callback of your own yet? Gatehouse receives the redirect on <code className="break-all font-mono">{testCallback}</code> and shows you,
            the app&apos;s owner, the code and the token request ready to run. Remove it before you go live.
          </p>
        </div>
      ) : null}
      {formError ? (
        <p id="redirect-uris-error" role="alert" className="mt-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}
    </fieldset>
  );
}
