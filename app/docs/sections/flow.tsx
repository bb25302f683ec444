import { CodeTabs } from "@/components/docs/code-tabs";
import { Code, Section } from "@/components/docs/section";
import { CodeBlock } from "@/components/ui/code-block";
import type { IntegratorGuide } from "@/lib/docs/integrator-guide";

type Props = Pick<IntegratorGuide, "issuer" | "pkceMethod" | "examples" | "responses" | "refreshGuidance">;

export function FlowSection({ issuer, pkceMethod, examples: ex, responses, refreshGuidance }: Props) {
  return (
    <Section id="flow" title="The flow, step by step">
      <ol className="space-y-8">
        <li className="space-y-2">
          <h3 className="font-medium">1. Make a PKCE verifier and challenge</h3>
          <p className="text-sm text-slate-600">
            For every sign-in, make a random <Code>code_verifier</Code> (43 to 128 characters) and send its SHA-256, base64url-encoded,
            as <Code>code_challenge</Code> with <Code>code_challenge_method={pkceMethod}</Code>. Required for public apps, recommended
            for all. <Code>plain</Code> is refused.
          </p>
          <CodeTabs example={ex.pkce} label="PKCE" />
        </li>
        <li className="space-y-2">
          <h3 className="font-medium">2. Send the user to the authorization endpoint</h3>
          <p className="text-sm text-slate-600">
            With a random <Code>state</Code> you keep in the user&apos;s session. The user signs in if needed and approves or denies
            on the consent screen. <Code>scope</Code> is space-separated (<Code>email profile</Code>, not <Code>email,profile</Code>);
            without it you get <Code>user.read</Code>. <Code>prompt=consent</Code> always shows the screen; <Code>prompt=none</Code>{" "}
            never does and answers <Code>login_required</Code> or <Code>consent_required</Code> instead.
          </p>
          <CodeTabs example={ex.authorize} label="Authorize" />
        </li>
        <li className="space-y-2">
          <h3 className="font-medium">3. Handle the callback</h3>
          <p className="text-sm text-slate-600">
            The user comes back to your redirect URI with <Code>code</Code>, <Code>state</Code> and <Code>iss</Code> (or{" "}
            <Code>error</Code> and <Code>error_description</Code>). Check that <Code>state</Code> is the one you sent and that{" "}
            <Code>iss</Code> is <Code>{issuer}</Code> (RFC 9207), then exchange the code at once.
          </p>
        </li>
        <li className="space-y-2">
          <h3 className="font-medium">4. Exchange the code for tokens, from your server</h3>
          <p className="text-sm text-slate-600">
            Send the same <Code>redirect_uri</Code> as in step 2 and the <Code>code_verifier</Code>. Public apps send{" "}
            <Code>client_id</Code> in the body instead of a secret.
          </p>
          <CodeTabs example={ex.exchange} label="Code exchange" />
          <p className="text-sm text-slate-600">
            The answer (RFC 6749 §5.1), with <Code>Cache-Control: no-store</Code>:
          </p>
          <CodeBlock code={responses.token} label="200 OK · application/json" />
        </li>
        <li className="space-y-2">
          <h3 className="font-medium">5. Read the user</h3>
          <p className="text-sm text-slate-600">
            <Code>sub</Code> is the user&apos;s stable ID: key your accounts on it, not on the email.
          </p>
          <CodeTabs example={ex.userinfo} label="Userinfo" />
          <p className="text-sm text-slate-600">
            The answer with <Code>user.read profile email</Code>; with <Code>user.read</Code> alone, only <Code>sub</Code>:
          </p>
          <CodeBlock code={responses.userinfo} label="200 OK · application/json" />
        </li>
        <li className="space-y-2">
          <h3 className="font-medium">6. Refresh</h3>
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600" data-testid="refresh-guidance">
            {refreshGuidance.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
          <p className="text-sm text-slate-600">
            Add <Code>scope</Code> to narrow the new access token.
          </p>
          <CodeTabs example={ex.refresh} label="Refresh" />
        </li>
        <li className="space-y-2">
          <h3 className="font-medium">7. Revoke when the user signs out of your app</h3>
          <p className="text-sm text-slate-600">
            Revoking a refresh token ends the whole grant&apos;s tokens; revoking an access token ends only it. The answer is 200 with
            the JSON body <Code>{"{}"}</Code> for unknown, already revoked and other apps&apos; tokens alike.
          </p>
          <CodeTabs example={ex.revoke} label="Revoke" />
        </li>
        <li className="space-y-2">
          <h3 className="font-medium">8. Check a token (introspection)</h3>
          <p className="text-sm text-slate-600">
            A confidential app may ask whether one of its own tokens is live (RFC 7662), for example before trusting a stored one.
            Anything expired, revoked or not the app&apos;s answers just <Code>{'{"active": false}'}</Code>. The claims follow the
            scopes as at userinfo: <Code>username</Code> only when the token carries <Code>profile</Code>.
          </p>
          <CodeTabs example={ex.introspect} label="Introspect" />
          <CodeBlock code={responses.introspection} label="200 OK · a live access token" />
          <CodeBlock code={responses.inactive} label="200 OK · anything else" />
        </li>
      </ol>
    </Section>
  );
}
