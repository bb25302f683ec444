import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { CodeTabs } from "@/components/docs/code-tabs";
import { CodeBlock } from "@/components/ui/code-block";
import { config } from "@/lib/config/env";
import { describeProtectYourApi } from "@/lib/docs/protect-your-api";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Protect your API" };
export const dynamic = "force-dynamic";

const code = "rounded bg-slate-100 px-1 font-mono text-[0.85em] [overflow-wrap:anywhere]";
const link = "text-indigo-600 hover:underline";

function Step({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <li id={id} className="scroll-mt-6 space-y-2">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </li>
  );
}

function P({ children }: { children: ReactNode }) {
  return <p className="text-sm text-slate-700">{children}</p>;
}

function C({ children }: { children: ReactNode }) {
  return <code className={code}>{children}</code>;
}

const CONTENTS = [
  ["register", "Register the API"],
  ["audiences", "Tokens for your API alone"],
  ["resource-metadata", "Describe your API to clients"],
  ["introspect", "Introspect every bearer token"],
  ["check", "Check audience and scope"],
  ["caching", "Decide about caching"],
  ["services", "Services: tokens without a user"],
] as const;

export default function ProtectYourApiPage() {
  const { issuer } = config();
  const guide = describeProtectYourApi(issuer);
  const { examples: ex, endpoints, metadata: doc, tokenKindMember } = guide;
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <PageHeader back={{ href: "/docs", label: "Integrator guide" }} title={"Protect your API"}>
        <p className="mt-1 text-sm text-slate-600">
          For operators: make your own API accept Gatehouse access tokens (and users&apos; personal API keys) made for it, tell clients
          where to get them, check on every request that the token is live and carries the scope the route needs, and let your own
          services call it without a user.
        </p>
      </PageHeader>
      <nav aria-label="On this page" className="rounded-lg border border-slate-200 bg-white p-4">
        <ol className="grid gap-1 text-sm sm:grid-cols-2">
          {CONTENTS.map(([id, title], i) => (
            <li key={id}>
              <a href={`#${id}`} className={link}>
                {i + 1}. {title}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <ol className="space-y-8">
        <Step id="register" title="1. Register the API">
          <P>
            In the <Link href="/operator" className={link}>Operator area</Link>, register the API with a name and an identifier: an
            https:// URI, usually its base URL (http:// only on localhost). The identifier is the API&apos;s audience: clients name it to
            get a token for it, and introspection reports it in <C>aud</C>. Gatehouse stores it normalised: scheme and host in lower case,
            no default port, an empty path written <C>/</C>. So <C>https://notes.example.com</C> and <C>https://Notes.example.com:443/</C>{" "}
            are one API, <C>{doc.document.resource}</C>.
          </P>
          <P>
            You get an API ID (<C>api_…</C>) and an API secret (<C>gapi_…</C>, shown once). Then add its scopes, e.g.{" "}
            <C>notes.read</C> and <C>notes.write</C>, with the plain words users see on the consent screen. Mark a scope{" "}
            <em>restricted</em> when apps need your approval to request it.
          </P>
        </Step>

        <Step id="audiences" title="2. Tokens for your API alone (RFC 8707)">
          <P>
            A token that every API accepts can be replayed by any of them at all the others, so access tokens should be restricted to
            the API they are for (RFC 9700 §2.3). Clients name that API with <C>resource=</C> its identifier (RFC 8707), at{" "}
            <C>{endpoints.authorization}</C> and again at <C>{endpoints.token}</C>. It is the one parameter that may be sent more than
            once, one value per API. Each value must be an absolute URI without a fragment and, once normalised as above, a registered
            API&apos;s identifier; anything else is <C>invalid_target</C> (on the redirect at authorize, a 400 at the token endpoint). The
            consent screen names the API the token is for. A token request may name some of the APIs the user consented to (none means
            all of them); a refresh may ask for any of them.
          </P>
          <P>
            The access token is then bound to those APIs and carries only the scopes they own. When the same request asks for user
            scopes (<C>user.read</C>, <C>profile</C>, <C>email</C>), Gatehouse itself (the issuer, <C>{issuer}</C>) is in the audience
            too, so the token also works at userinfo, which refuses a token bound only to other APIs.
          </P>
          <P>
            Introspection by your API answers <C>active: true</C> only for a token bound to it, with <C>aud</C> the token&apos;s audience:
            a string when it has one, an array when it has more. Tokens issued without <C>resource</C> are unbound: while{" "}
            <C>GATEHOUSE_REQUIRE_AUDIENCE</C> is off (the default, so that integrations from before keep working), your API also sees an
            unbound token that carries one of its scopes. Turn it on once your clients send <C>resource</C>: we recommend it. Then only
            tokens bound to your API are active there, and personal API keys work at an API only when their owner bound them to it when
            creating them.
          </P>
          <P>
            RFC 8707 defines no metadata member, so Gatehouse&apos;s metadata document (<C>{endpoints.metadata}</C>) cannot say that it
            takes <C>resource</C>: it always does. Clients learn the value from you, or from your API&apos;s own document (next step).
          </P>
        </Step>

        <Step id="resource-metadata" title="3. Describe your API to clients (RFC 9728)">
          <P>
            A protected resource metadata document lets a client that meets your API first (an MCP client, for one) find Gatehouse and
            the scopes to ask for, with nothing configured. Your API serves it, to anyone and without a token: <C>GET</C> answered with{" "}
            <C>200</C> and <C>application/json</C>, at the identifier with <C>/.well-known/oauth-protected-resource</C> inserted between
            the host and the path (RFC 9728 §3.1; a terminating slash is removed first). For <C>{doc.document.resource}</C> that is{" "}
            <C>{doc.url}</C>; for <C>{guide.pathExample.identifier}</C> it is <C>{guide.pathExample.url}</C>.
          </P>
          <P>
            The API&apos;s page in the Operator area shows its document, the URL and the headers below, ready to copy. For the Notes API:
          </P>
          <CodeBlock code={doc.json} label={`${doc.url} (JSON)`} />
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
            <li>
              <C>resource</C>: the identifier as registered, the value clients send as <C>resource</C>.
            </li>
            <li>
              <C>authorization_servers</C>: Gatehouse&apos;s issuer; clients find its endpoints in its metadata from there.
            </li>
            <li>
              <C>scopes_supported</C>: the API&apos;s scopes. Serve the new document when you add or delete one; while the API has none,
              the member is left out, never <C>[]</C> (RFC 9728 §3.2).
            </li>
            <li>
              <C>bearer_methods_supported</C>: <C>header</C>, the <C>Authorization</C> header only.
            </li>
            <li>
              <C>resource_name</C>: the API&apos;s name, for people.
            </li>
          </ul>
          <P>
            Then point to it whenever you refuse a request: <C>WWW-Authenticate: {doc.refusals[0]!.challenge}</C> (RFC 9728 §5.1), with
            RFC 6750&apos;s error when there is one (step 5). A client that gets the 401 reads the document, asks Gatehouse for a token
            with <C>resource={doc.document.resource}</C>, and calls again.
          </P>
        </Step>

        <Step id="introspect" title="4. Introspect every bearer token">
          <P>
            Send the token to <C>{endpoints.introspection}</C> (RFC 7662) with the API&apos;s credentials. Gatehouse answers{" "}
            <C>active: true</C> only for a live access token or personal key that is for your API (step 2) and carries at least one of
            its scopes; <C>scope</C> lists only your API&apos;s scopes. Anything else, including a revoked, rotated or expired token, or a
            token for another API, is <C>{`{"active": false}`}</C> on the very next call. Refresh tokens are never shown to an API.
          </P>
          <CodeTabs example={ex.introspect} label="Introspect" />
          <P>
            <C>{tokenKindMember}</C> says what the token is: <C>app</C> (an access token an app obtained for a user through OAuth;{" "}
            <C>client_id</C> names the app), <C>personal_key</C> (a user&apos;s own key; no <C>client_id</C>, and no <C>exp</C> when it
            never expires) or <C>service</C> (a service&apos;s own token, step 7: no user, so <C>sub</C> is the app&apos;s{" "}
            <C>client_id</C>). For the other two, <C>sub</C> is the user; <C>username</C> is there only when the token carries{" "}
            <C>profile</C> (the user agreed to share it with the app), as at userinfo.
          </P>
        </Step>

        <Step id="check" title="5. Check audience and scope, answer in RFC 6750's terms">
          <P>
            Check that <C>aud</C> includes your identifier (a string or an array; Gatehouse writes identifiers normalised, as the
            Operator area shows yours) and that the route&apos;s scope is in <C>scope</C>. Refuse with <strong>401</strong>{" "}
            <C>invalid_token</C> or <strong>403</strong> <C>insufficient_scope</C>, in the <C>WWW-Authenticate</C> header with{" "}
            <C>resource_metadata</C>; a request without a token gets no error code (RFC 6750 §3.1). <C>active: false</C> does not say
            why, on purpose: the token may be unknown, expired or revoked, for another API, or carry none of your API&apos;s scopes. Word
            your 401 that way, e.g. &quot;the token is not active for this API&quot;, rather than telling the caller its token is dead.
          </P>
          <CodeTabs example={ex.middleware} label="Check" />
        </Step>

        <Step id="caching" title="6. Decide about caching">
          <P>
            Introspecting on every request means a revoked token stops working at once. Caching a positive answer for N seconds saves a
            round trip but lets a revoked token through for up to N seconds; never cache an inactive answer. The example API in the
            repository (<C>examples/notes-api</C>) does not cache unless told to; it serves its metadata document and accepts only tokens
            bound to it.
          </P>
        </Step>

        <Step id="services" title="7. Services: tokens without a user (client credentials)">
          <P>
            A backend job that calls your API on its own behalf, with no user in sight, gets a token of its own with an app&apos;s
            credentials: the client credentials grant (RFC 6749 §4.4). Never give it a personal key.
          </P>
          <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
            <li>
              On the app&apos;s page in your dashboard, allow the client credentials grant
              (confidential apps only). A grant the app does not allow is <C>unauthorized_client</C>.
            </li>
            <li>
              On the same page, request service access for each API scope the service needs. An operator approves it in the Operator
              area, unless the scope is marked open to services, which needs no approval. Revoking the approval, or deleting the app,
              ends its service tokens.
            </li>
            <li>
              Ask the token endpoint: <C>grant_type=client_credentials</C>, the app&apos;s client authentication, <C>resource</C> naming
              the API and <C>scope</C>. Only API scopes: a user scope (<C>profile</C>, <C>email</C>, <C>openid</C>, <C>user.read</C>) or
              one the named API does not own is <C>invalid_scope</C>. Without <C>scope</C>, the token carries every scope approved for
              that API (RFC 6749 §3.3). <C>resource</C> may be left out when the approved scopes belong to one API, and is required when
              they span several.
            </li>
          </ol>
          <P>
            The token is a <C>gat_</C> access token bound to that API, valid for <C>GATEHOUSE_SERVICE_TOKEN_TTL</C> seconds (3600 unless
            the operator set it), with no refresh token: ask again when it expires, shortly before is best. At introspection it is{" "}
            <C>{tokenKindMember}: &quot;service&quot;</C>, with <C>client_id</C> and <C>sub</C> both the app&apos;s client ID and no{" "}
            <C>username</C>; userinfo refuses it, as it has no user. The app&apos;s page lists its live service tokens, with a button
            that revokes them all. The token endpoint&apos;s rate limits apply.
          </P>
          <CodeTabs example={ex.service} label="Service token" />
        </Step>
      </ol>
    </div>
  );
}
