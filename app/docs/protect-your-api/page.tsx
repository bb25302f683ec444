import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { CodeTabs } from "@/components/docs/code-tabs";
import { config } from "@/lib/config/env";
import { apiExamples } from "@/lib/docs/samples";
import { endpointsFor } from "@/lib/oauth/endpoints";
import { TOKEN_KIND_MEMBER } from "@/lib/oauth/introspect";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Protect your API" };
export const dynamic = "force-dynamic";

const code = "rounded bg-slate-100 px-1 font-mono text-[0.85em]";

function Step({ title, children }: { title: string; children: ReactNode }) {
  return (
    <li className="space-y-2">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </li>
  );
}

export default function ProtectYourApiPage() {
  const { issuer } = config();
  const ex = apiExamples(issuer);
  const introspection = endpointsFor(issuer).introspection;
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <PageHeader back={{ href: "/docs", label: "Integrator guide" }} title={"Protect your API"}>
        <p className="mt-1 text-sm text-slate-600">
          For operators: make your own API accept Gatehouse access tokens (and users&apos; personal API keys), and check on every
          request that the token is live and carries the scope the route needs.
        </p>
      </PageHeader>
      <ol className="space-y-8">
        <Step title="1. Register the API">
          <p className="text-sm text-slate-700">
            In the <Link href="/operator" className="text-indigo-600 hover:underline">Operator area</Link>, register the API with a
            name and an identifier (an https:// URI, usually its base URL; introspection reports it as <code className={code}>aud</code>).
            You get an API ID (<code className={code}>api_…</code>) and an API secret (<code className={code}>gapi_…</code>, shown once).
            Then add its scopes, e.g. <code className={code}>notes.read</code> and <code className={code}>notes.write</code>, with the plain
            words users see on the consent screen. Mark a scope <em>restricted</em> when apps need your approval to request it.
          </p>
        </Step>
        <Step title="2. Introspect every bearer token">
          <p className="text-sm text-slate-700">
            Send the token to <code className={code}>{introspection}</code> (RFC 7662) with the API&apos;s credentials. Gatehouse answers{" "}
            <code className={code}>active: true</code> only for a live access token or personal key that carries at least one of your
            API&apos;s scopes; <code className={code}>scope</code> lists only your API&apos;s scopes. Anything else, including a revoked,
            rotated or expired token, is <code className={code}>{`{"active": false}`}</code> on the very next call. Refresh tokens are never
            shown to an API.
          </p>
          <CodeTabs example={ex.introspect} label="Introspect" />
          <p className="text-sm text-slate-700">
            <code className={code}>{TOKEN_KIND_MEMBER}</code> says what the token is: <code className={code}>app</code> (an access token an
            app obtained through OAuth; <code className={code}>client_id</code> names the app) or <code className={code}>personal_key</code>{" "}
            (a user&apos;s own key; no <code className={code}>client_id</code>, and no <code className={code}>exp</code> when it never expires).{" "}
            <code className={code}>sub</code> is the user; <code className={code}>username</code> is there only when the token carries{" "}
            <code className={code}>profile</code> (the user agreed to share it with the app), as at userinfo.
          </p>
        </Step>
        <Step title="3. Check the scope, answer in RFC 6750's terms">
          <p className="text-sm text-slate-700">
            Check <code className={code}>aud</code> is your identifier and the route&apos;s scope is in <code className={code}>scope</code>.
            Refuse with <strong>401</strong> <code className={code}>invalid_token</code> or <strong>403</strong>{" "}
            <code className={code}>insufficient_scope</code>, in the <code className={code}>WWW-Authenticate</code> header.{" "}
            <code className={code}>active: false</code> does not say why, on purpose: the token may be unknown, expired or revoked, or
            live but carry none of your API&apos;s scopes (a personal key made for another API). Word your 401 that way, e.g. &quot;the
            token is not active for this API&quot;, rather than telling the caller its token is dead.
          </p>
          <CodeTabs example={ex.middleware} label="Check" />
        </Step>
        <Step title="4. Decide about caching">
          <p className="text-sm text-slate-700">
            Introspecting on every request means a revoked token stops working at once. Caching a positive answer for N seconds saves
            a round trip but lets a revoked token through for up to N seconds; never cache an inactive answer. The example API in the
            repository (<code className={code}>examples/notes-api</code>) does not cache unless told to.
          </p>
        </Step>
      </ol>
    </div>
  );
}
