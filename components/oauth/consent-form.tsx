import { UseAnotherAccount } from "@/components/oauth/use-another-account";
import type { ConsentScreen } from "@/lib/oauth/consent";

type Props = { handle: string; screen: ConsentScreen; user: { name: string; email: string } };

/** The consent screen: who asks, for what, where the user goes next, and as whom. */
export function ConsentForm({ handle, screen, user }: Props) {
  const { client, scopes, redirectHost, resources, authorizePath } = screen;
  return (
    <div className="mx-auto max-w-lg overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
      <div className="border-b border-slate-200 p-6">
        <p className="text-sm text-slate-600">Authorize application</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight" data-testid="consent-app-name">
          {client.name}
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          by <span className="font-medium text-slate-800">{client.ownerName}</span>
          {client.homepageUrl ? (
            <>
              {" · "}
              <a href={client.homepageUrl} rel="noopener noreferrer nofollow" target="_blank" className="text-indigo-600 hover:underline">
                {client.homepageUrl}
              </a>{" "}
              <span className="text-xs text-slate-600">(provided by the developer)</span>
            </>
          ) : null}
        </p>
        {client.description ? (
          <p className="mt-3 text-sm text-slate-700" data-testid="consent-app-description">
            {client.description} <span className="text-xs text-slate-600">(in the developer&apos;s words)</span>
          </p>
        ) : null}
        {client.clientType === "public" ? (
          <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900">
            This is a public app (mobile, desktop or browser): Gatehouse cannot verify its identity, so check that you
            started this sign-in yourself.
          </p>
        ) : null}
      </div>
      <div className="space-y-4 p-6">
        <div>
          <h2 className="text-sm font-semibold">{client.name} wants to:</h2>
          <ul className="mt-2 space-y-2" aria-label="Requested permissions">
            {scopes.map((s) => (
              <li key={s.name} className="flex gap-2 text-sm">
                <span aria-hidden className="mt-0.5 text-emerald-600">
                  ✓
                </span>
                <span>
                  {s.description} <code className="ml-1 text-xs text-slate-600">{s.name}</code>
                  {s.personalData ? (
                    <span className="ml-2 whitespace-nowrap rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">personal data</span>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
          {resources.length > 0 ? (
            <p className="mt-3 text-sm text-slate-600" data-testid="consent-resources">
              {client.name}&apos;s access works only at {resources.length === 1 ? "this API" : "these APIs"}:{" "}
              {resources.map((r, i) => (
                <span key={r}>
                  {i > 0 ? ", " : null}
                  <code className="break-all text-xs text-slate-900">{r}</code>
                </span>
              ))}
            </p>
          ) : null}
        </div>
        <p className="text-sm text-slate-600">
          After you decide, you will be sent to <strong className="font-medium text-slate-900" data-testid="consent-redirect-host">{redirectHost}</strong>.
        </p>
        {client.privacyPolicyUrl || client.termsUrl ? (
          <p className="text-xs text-slate-600">
            Read the app&apos;s{" "}
            {client.privacyPolicyUrl ? (
              <a href={client.privacyPolicyUrl} rel="noopener noreferrer nofollow" target="_blank" className="text-indigo-600 hover:underline">
                privacy policy
              </a>
            ) : null}
            {client.privacyPolicyUrl && client.termsUrl ? " and " : null}
            {client.termsUrl ? (
              <a href={client.termsUrl} rel="noopener noreferrer nofollow" target="_blank" className="text-indigo-600 hover:underline">
                terms of service
              </a>
            ) : null}
            .
          </p>
        ) : null}
        <form method="post" action="/oauth/consent/decision" className="flex flex-col-reverse gap-3 pt-2 sm:flex-row sm:justify-end">
          <input type="hidden" name="request" value={handle} />
          <button
            type="submit"
            name="decision"
            value="deny"
            className="min-h-11 rounded-md bg-white px-4 py-2.5 text-sm font-semibold text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            Deny
          </button>
          <button type="submit" name="decision" value="approve" className="min-h-11 rounded-md bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white hover:bg-indigo-500">
            Approve
          </button>
        </form>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 bg-slate-50 px-6 py-3 text-sm">
        <span className="text-slate-600" data-testid="consent-account">
          Signed in as <span className="font-medium text-slate-900">{user.name}</span> ({user.email})
        </span>
        <UseAnotherAccount authorizePath={authorizePath} />
      </div>
    </div>
  );
}
