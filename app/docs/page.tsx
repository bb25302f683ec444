import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { CodeTabs } from "@/components/docs/code-tabs";
import { BreakableUrl } from "@/components/docs/url";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyableValue } from "@/components/ui/copy-button";
import { ScopeList } from "@/components/ui/scope-list";
import { config } from "@/lib/config/env";
import { currentScopeCatalogue } from "@/lib/scope-catalogue";
import { appIntrospectionExample, integratorExamples, libraryExamples, responseExamples } from "@/lib/docs/examples";
import { REFRESH_GUIDANCE } from "@/lib/docs/refresh-guidance";
import { listScopes } from "@/lib/apps/scope-listing";
import { CROSS_ORIGIN_ENDPOINTS, endpointsFor } from "@/lib/oauth/endpoints";
import { MAX_BODY_BYTES } from "@/lib/oauth/http";
import { ERROR_CATALOGUE } from "@/lib/oauth/errors";
import { CLIENT_AUTH_METHODS, SECRET_AUTH_METHODS } from "@/lib/oauth/client-auth";

export const metadata: Metadata = { title: "Integrator guide" };
export const dynamic = "force-dynamic";

function duration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} days`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-6 space-y-3">
      <h2 id={`${id}-title`} className="text-xl font-semibold tracking-tight">
        {title}
      </h2>
      {children}
    </section>
  );
}

const TOC = [
  ["flow", "The flow"],
  ["libraries", "Client libraries"],
  ["coming-from", "Coming from another provider"],
  ["endpoints", "Endpoints"],
  ["scopes", "Scopes"],
  ["lifetimes", "Lifetimes"],
  ["errors", "Errors"],
  ["rules", "Rules worth knowing"],
  ["personal-keys", "Personal API keys"],
] as const;

/** The endpoints by name, as the docs speak of them. */
const ENDPOINT_NAMES = [
  ["token", "Token"],
  ["revocation", "revocation"],
  ["introspection", "introspection"],
  ["userinfo", "userinfo"],
  ["metadata", "metadata"],
] as const;

/** "a, b and c" */
function inWords(names: readonly string[]): string {
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

export default async function DocsPage() {
  const { issuer, lifetimes } = config();
  const endpoints = endpointsFor(issuer);
  const scopes = await currentScopeCatalogue();
  const ex = integratorExamples(issuer);
  const responses = responseExamples(issuer);
  const libraries = libraryExamples(issuer);
  const endpointRows = [
    ["Authorization", "GET", endpoints.authorization, "the user's browser"],
    ["Token", "POST", endpoints.token, `${CLIENT_AUTH_METHODS.join(", ")} (none: a public app sends only client_id, and PKCE)`],
    ["Revocation", "POST", endpoints.revocation, "as for the token endpoint"],
    ["Introspection", "POST", endpoints.introspection, `${SECRET_AUTH_METHODS.join(", ")} (confidential apps only)`],
    ["Userinfo", "GET, POST", endpoints.userinfo, "Bearer access token"],
    ["Metadata", "GET", endpoints.metadata, "none"],
  ];
  const code = "rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] [overflow-wrap:anywhere]";
  const crossOrigin = inWords(ENDPOINT_NAMES.filter(([key]) => CROSS_ORIGIN_ENDPOINTS.has(key)).map(([, name]) => name));

  return (
    <div className="grid gap-10 lg:grid-cols-[180px_1fr]">
      <nav aria-label="On this page" className="hidden lg:block">
        <ul className="sticky top-6 space-y-2 text-sm">
          {TOC.map(([id, title]) => (
            <li key={id}>
              <a href={`#${id}`} className="text-slate-600 hover:text-slate-900">
                {title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 space-y-10">
        <header className="space-y-3">
          <h1 className="text-3xl font-bold tracking-tight">Integrate with Gatehouse</h1>
          <p className="text-slate-600">
            Gatehouse is a standard OAuth 2.0 authorization server: the authorization code grant with PKCE (RFC 6749, RFC
            7636), rotating refresh tokens, revocation (RFC 7009), introspection (RFC 7662) and server metadata (RFC 8414).
            Any OAuth 2.0 client library works; point it at the metadata document.
          </p>
          <CopyableValue value={endpoints.metadata} />
          <p className="text-sm text-slate-600">
            First <Link href="/dashboard/new" className="text-indigo-600 hover:underline">register an application</Link> to get a client ID
            (and a client secret for a server-side app). Its page has a quick start with your own values.
          </p>
        </header>

        <Section id="flow" title="The flow, step by step">
          <ol className="space-y-8">
            <li className="space-y-2">
              <h3 className="font-medium">1. Make a PKCE verifier and challenge</h3>
              <p className="text-sm text-slate-600">
                For every sign-in, make a random <code className={code}>code_verifier</code> (43 to 128 characters) and send its
                SHA-256, base64url-encoded, as <code className={code}>code_challenge</code> with <code className={code}>code_challenge_method=S256</code>.
                Required for public apps, recommended for all. <code className={code}>plain</code> is refused.
              </p>
              <CodeTabs example={ex.pkce} label="PKCE" />
            </li>
            <li className="space-y-2">
              <h3 className="font-medium">2. Send the user to the authorization endpoint</h3>
              <p className="text-sm text-slate-600">
                With a random <code className={code}>state</code> you keep in the user&apos;s session. The user signs in if needed
                and approves or denies on the consent screen. <code className={code}>scope</code> is space-separated
                (<code className={code}>email profile</code>, not <code className={code}>email,profile</code>); without it you get{" "}
                <code className={code}>user.read</code>. <code className={code}>prompt=consent</code> always shows the screen;{" "}
                <code className={code}>prompt=none</code> never does and answers <code className={code}>login_required</code> or{" "}
                <code className={code}>consent_required</code> instead.
              </p>
              <CodeTabs example={ex.authorize} label="Authorize" />
            </li>
            <li className="space-y-2">
              <h3 className="font-medium">3. Handle the callback</h3>
              <p className="text-sm text-slate-600">
                The user comes back to your redirect URI with <code className={code}>code</code>, <code className={code}>state</code> and{" "}
                <code className={code}>iss</code> (or <code className={code}>error</code> and <code className={code}>error_description</code>).
                Check that <code className={code}>state</code> is the one you sent and that <code className={code}>iss</code> is{" "}
                <code className={code}>{issuer}</code> (RFC 9207), then exchange the code at once.
              </p>
            </li>
            <li className="space-y-2">
              <h3 className="font-medium">4. Exchange the code for tokens, from your server</h3>
              <p className="text-sm text-slate-600">
                Send the same <code className={code}>redirect_uri</code> as in step 2 and the <code className={code}>code_verifier</code>.
                Public apps send <code className={code}>client_id</code> in the body instead of a secret.
              </p>
              <CodeTabs example={ex.exchange} label="Code exchange" />
              <p className="text-sm text-slate-600">The answer (RFC 6749 §5.1), with <code className={code}>Cache-Control: no-store</code>:</p>
              <CodeBlock code={responses.token} label="200 OK · application/json" />
            </li>
            <li className="space-y-2">
              <h3 className="font-medium">5. Read the user</h3>
              <p className="text-sm text-slate-600">
                <code className={code}>sub</code> is the user&apos;s stable ID: key your accounts on it, not on the email.
              </p>
              <CodeTabs example={ex.userinfo} label="Userinfo" />
              <p className="text-sm text-slate-600">
                The answer with <code className={code}>user.read profile email</code>; with <code className={code}>user.read</code> alone, only{" "}
                <code className={code}>sub</code>:
              </p>
              <CodeBlock code={responses.userinfo} label="200 OK · application/json" />
            </li>
            <li className="space-y-2">
              <h3 className="font-medium">6. Refresh</h3>
              <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600" data-testid="refresh-guidance">
                {Object.values(REFRESH_GUIDANCE).map((sentence) => (
                  <li key={sentence}>{sentence}</li>
                ))}
              </ul>
              <p className="text-sm text-slate-600">
                Add <code className={code}>scope</code> to narrow the new access token.
              </p>
              <CodeTabs example={ex.refresh} label="Refresh" />
            </li>
            <li className="space-y-2">
              <h3 className="font-medium">7. Revoke when the user signs out of your app</h3>
              <p className="text-sm text-slate-600">
                Revoking a refresh token ends the whole grant&apos;s tokens; revoking an access token ends only it. The answer is
                200 with the JSON body <code className={code}>{"{}"}</code> for unknown, already revoked and other apps&apos; tokens
                alike.
              </p>
              <CodeTabs example={ex.revoke} label="Revoke" />
            </li>
            <li className="space-y-2">
              <h3 className="font-medium">8. Check a token (introspection)</h3>
              <p className="text-sm text-slate-600">
                A confidential app may ask whether one of its own tokens is live (RFC 7662), for example before trusting a stored
                one. Anything expired, revoked or not the app&apos;s answers just <code className={code}>{'{"active": false}'}</code>.
                The claims follow the scopes as at userinfo: <code className={code}>username</code> only when the token carries{" "}
                <code className={code}>profile</code>.
              </p>
              <CodeTabs example={appIntrospectionExample(issuer)} label="Introspect" />
              <CodeBlock code={responses.introspection} label="200 OK · a live access token" />
              <CodeBlock code={responses.inactive} label="200 OK · anything else" />
            </li>
          </ol>
        </Section>

        <Section id="libraries" title="Client libraries">
          <p className="text-sm text-slate-600">
            Gatehouse is plain OAuth 2.0 with PKCE, so general OAuth libraries work. These are complete configurations with this
            server&apos;s URLs; put your client ID and secret in the environment.
          </p>
          <CodeTabs
            example={libraries}
            label="Library"
            tabs={[
              ["oauth4webapi", "oauth4webapi (JS)"],
              ["nextauth", "Auth.js / next-auth"],
              ["authlib", "Authlib (Python)"],
            ]}
          />
          <p className="text-sm text-slate-600">
            With Python&apos;s requests-oauthlib, use <code className={code}>OAuth2Session(client_id, redirect_uri=..., scope=[...], pkce=&quot;S256&quot;)</code>, its{" "}
            <code className={code}>authorization_url(&quot;{endpoints.authorization}&quot;)</code> and{" "}
            <code className={code}>fetch_token(&quot;{endpoints.token}&quot;, client_secret=..., authorization_response=...)</code>.
          </p>
        </Section>

        <Section id="coming-from" title="Coming from another provider">
          <p className="text-sm text-slate-600">
            Clients written against other providers&apos; documentation fail here in a few known ways. Each is a rule of RFC 6749 that
            Gatehouse keeps; the error says which, and this is the fix.
          </p>
          <dl className="space-y-4 text-sm">
            {[
              [
                "The token request has no grant_type",
                <>
                  Some providers guess it. Gatehouse answers <code className={code}>invalid_request</code> (grant_type is missing): send{" "}
                  <code className={code}>grant_type=authorization_code</code> with the code, or <code className={code}>grant_type=refresh_token</code> (RFC 6749 §4.1.3, §6).
                </>,
              ],
              [
                "The token request has no redirect_uri",
                <>
                  When the authorize request carried <code className={code}>redirect_uri</code>, the token request must carry the same value
                  (RFC 6749 §4.1.3); otherwise <code className={code}>invalid_grant</code>. Keep the value you sent in step 2.
                </>,
              ],
              [
                "The body is JSON, or multipart",
                <>
                  Token, revocation and introspection requests are <code className={code}>application/x-www-form-urlencoded</code> only
                  (RFC 6749 §3.2). In PHP, pass <code className={code}>http_build_query($fields)</code> to <code className={code}>CURLOPT_POSTFIELDS</code>: an array
                  there is sent as multipart. With curl use <code className={code}>-d</code> or <code className={code}>--data-urlencode</code>, not{" "}
                  <code className={code}>-F</code> or a JSON body. The error says what was sent.
                </>,
              ],
              [
                "The user's fields are username or full_name",
                <>
                  Userinfo sends <code className={code}>preferred_username</code> and <code className={code}>name</code> (with the{" "}
                  <code className={code}>profile</code> scope), <code className={code}>email</code> with <code className={code}>email</code>, and always{" "}
                  <code className={code}>sub</code>, the stable ID to key accounts on.
                </>,
              ],
              [
                "The scope is openid, or the client asks for /.well-known/openid-configuration",
                <>
                  Gatehouse is OAuth 2.0 without OpenID Connect: there is no <code className={code}>openid</code> scope and no ID token. Ask
                  for <code className={code}>user.read profile email</code> and read the user from userinfo; point libraries at{" "}
                  <code className={code}>{endpoints.metadata}</code> (RFC 8414). In openid-client, discover with that URL; in Auth.js,
                  configure the provider as OAuth (above).
                </>,
              ],
            ].map(([problem, fix]) => (
              <div key={String(problem)} className="rounded-lg border border-slate-200 bg-white p-4">
                <dt className="font-medium">{problem}</dt>
                <dd className="mt-1 text-slate-700">{fix}</dd>
              </div>
            ))}
          </dl>
        </Section>

        <Section id="endpoints" title="Endpoints">
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="Endpoints table">
            <table className="w-full text-left text-sm">
              <thead className="bg-slate-50 text-xs uppercase text-slate-600">
                <tr>
                  <th className="px-3 py-2">Endpoint</th>
                  <th className="px-3 py-2">Method</th>
                  <th className="px-3 py-2">URL</th>
                  <th className="px-3 py-2">Authentication</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {endpointRows.map(([name, method, url, auth]) => (
                  <tr key={name}>
                    <td className="px-3 py-2 font-medium">{name}</td>
                    <td className="px-3 py-2">{method}</td>
                    <td className="px-3 py-2 font-mono text-xs">
                      <BreakableUrl url={url!} />
                    </td>
                    <td className="px-3 py-2 text-slate-600">{auth}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="text-sm text-slate-600">
            POST bodies are <code className={code}>application/x-www-form-urlencoded</code>, at most {MAX_BODY_BYTES / 1024} KiB; each parameter at most
            once. {crossOrigin} allow cross-origin calls from browser apps (CORS, no cookies).
          </p>
        </Section>

        <Section id="scopes" title="Scopes">
          <ScopeList scopes={listScopes(scopes)} />
          <p className="text-sm text-slate-600">
            <code className={code}>user.read</code> is always granted and gives <code className={code}>sub</code>;{" "}
            <code className={code}>profile</code> adds <code className={code}>name</code> and <code className={code}>preferred_username</code>{" "}
            (introspection&apos;s <code className={code}>username</code>);{" "}
            <code className={code}>email</code> adds <code className={code}>email</code> and <code className={code}>email_verified</code> (always false for now).
          </p>
        </Section>

        <Section id="lifetimes" title="Lifetimes">
          <dl className="grid gap-2 text-sm sm:grid-cols-2">
            {[
              ["Authorization code", `${duration(lifetimes.codeSeconds)}; ${duration(lifetimes.personalDataCodeSeconds)} when a personal-data scope is requested. Single use.`],
              ["Access token", `${duration(lifetimes.accessTokenSeconds)} (expires_in: ${lifetimes.accessTokenSeconds}), or until the next refresh of its grant`],
              ["Refresh token", `${duration(lifetimes.refreshTokenSeconds)}, renewed by every refresh`],
              ["Grant maximum", `${duration(lifetimes.refreshAbsoluteSeconds)} from the code exchange; then the user approves again`],
            ].map(([term, value]) => (
              <div key={term} className="rounded-lg border border-slate-200 bg-white p-3">
                <dt className="font-medium">{term}</dt>
                <dd className="text-slate-600">{value}</dd>
              </div>
            ))}
          </dl>
        </Section>

        <Section id="errors" title="Errors">
          <p className="text-sm text-slate-600">
            Errors are JSON (RFC 6749 §5.2): <code className={code}>{'{"error": "...", "error_description": "..."}'}</code>. The
            description says what to fix. On the authorization endpoint they come back to your redirect URI as query parameters,
            except for an unknown client or redirect URI, which Gatehouse shows on its own error page.
          </p>
          <CodeBlock code={responses.error} label="400 Bad Request · application/json" />
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="Error codes table">
            <table className="w-full text-left text-sm max-sm:block" aria-label="Error codes">
              <thead className="bg-slate-50 text-xs uppercase text-slate-600 max-sm:sr-only">
                <tr>
                  <th className="px-3 py-2">error</th>
                  <th className="px-3 py-2">Status</th>
                  <th className="px-3 py-2">Meaning</th>
                  <th className="px-3 py-2">What to do</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 max-sm:block">
                {Object.entries(ERROR_CATALOGUE).map(([name, e]) => (
                  <tr key={name} id={`error-${name}`} className="max-sm:block max-sm:py-2">
                    <td className="px-3 py-2 align-top font-mono text-xs font-semibold max-sm:block max-sm:py-1">{name}</td>
                    <td className="px-3 py-2 align-top max-sm:block max-sm:py-1">
                      <span className="sm:hidden">Status: </span>
                      {(e.where as readonly string[]).join() === "authorize" ? "redirect" : e.status}
                    </td>
                    <td className="px-3 py-2 align-top text-slate-700 max-sm:block max-sm:py-1">
                      {e.meaning}
                      {e.where.length > 0 && <span className="mt-1 block text-xs text-slate-600">From: {e.where.join(", ")}</span>}
                    </td>
                    <td className="px-3 py-2 align-top text-slate-700 max-sm:block max-sm:py-1">
                      <span className="font-medium sm:hidden">What to do: </span>
                      {e.fix}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="text-sm text-slate-600">
            Other statuses: <strong>405</strong> with <code className={code}>Allow</code> for a wrong method, <strong>413</strong> for a body over{" "}
            {MAX_BODY_BYTES / 1024} KiB (both with <code className={code}>invalid_request</code>), and <strong>401</strong> without an error code from userinfo when no
            token was sent.
          </p>
        </Section>

        <Section id="rules" title="Rules worth knowing">
          <ul className="list-disc space-y-2 pl-5 text-sm text-slate-700">
            <li>Redirect URIs match exactly, character for character. Only for 127.0.0.1 and [::1] may the port differ, so native apps can listen on a random port (RFC 8252).</li>
            <li>redirect_uri may be left out of the authorize request only when the app has exactly one; if you send it there, send the same value to the token endpoint.</li>
            <li>Public apps (single-page, mobile, desktop, CLI) have no secret and must use PKCE; their users see the consent screen every time.</li>
            <li>A confidential app can hold two secrets at once: deploy the new one, then revoke the old one on the dashboard.</li>
            <li>A code used twice revokes the tokens issued from it. Exchange each code once.</li>
            <li>Send access tokens in the Authorization header. Tokens in a URL are refused: URLs end up in logs.</li>
          </ul>
        </Section>

        <Section id="personal-keys" title="Personal API keys or OAuth?">
          <p className="text-sm text-slate-700">
            A personal API key (<code className={code}>gpat_…</code>, created on your <Link href="/account#personal-keys" className="text-indigo-600 hover:underline">account page</Link>)
            lets your own scripts call APIs as you: send it as <code className={code}>Authorization: Bearer</code>, exactly like an access
            token. It carries the scopes you chose (never a restricted one) until it expires or you revoke it.
          </p>
          <p className="text-sm text-slate-700">
            Use OAuth instead whenever other people use what you build: each user approves your app on the consent screen, can see and
            revoke it, and you never handle their credentials. Never ask users for their personal keys.
          </p>
          <p className="text-sm text-slate-700">
            Running an API that accepts Gatehouse tokens? Read <Link href="/docs/protect-your-api" className="text-indigo-600 hover:underline">Protect your API</Link>.
          </p>
        </Section>
      </div>
    </div>
  );
}
