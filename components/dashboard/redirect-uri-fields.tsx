"use client";

import { UriListFields } from "@/components/dashboard/uri-list-fields";
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

/** One to three redirect URI inputs, all named redirectUris. */
export function RedirectUriFields({ initial, errors, formError, clientType, testCallback }: Props) {
  const example = clientType === "public" ? "http://127.0.0.1/callback or com.example.app:/callback" : "https://app.example.com/callback";

  return (
    <UriListFields
      name="redirectUris"
      label="Redirect URI"
      idPrefix="redirect-uri"
      hint={
        <>
          Where Gatehouse may send users back with a code, matched exactly. 1 to 3; https, or http on localhost, 127.0.0.1 and [::1]. Example: {example}
        </>
      }
      placeholder={example.split(" or ")[0]!}
      max={MAX_REDIRECT_URIS}
      initial={initial}
      errors={errors}
      formError={formError}
    >
      {(uris, setUris) => {
        const withCallback = testCallback ? withTestCallback(uris, testCallback) : null;
        return withCallback ? (
          <div className="mt-3 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm">
            <button type="button" onClick={() => setUris(withCallback)} className="font-medium text-indigo-600 hover:underline">
              Use the test callback
            </button>
            <p className="mt-1 text-xs text-slate-600">
              No callback of your own yet? Gatehouse receives the redirect on <code className="break-all font-mono">{testCallback}</code> and shows you,
              the app&apos;s owner, the code and the token request ready to run. Remove it before you go live.
            </p>
          </div>
        ) : null;
      }}
    </UriListFields>
  );
}
