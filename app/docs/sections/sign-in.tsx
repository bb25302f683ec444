import { CodeTabs } from "@/components/docs/code-tabs";
import { Code, Section } from "@/components/docs/section";
import { CodeBlock } from "@/components/ui/code-block";
import type { IntegratorGuide } from "@/lib/docs/integrator-guide";

const SIGN_IN_TABS = [
  ["authjs", "Auth.js (v5)"],
  ["openidClient", "openid-client (JS)"],
  ["authlib", "Authlib (Python)"],
] as const;

type Props = Pick<IntegratorGuide, "issuer" | "endpoints" | "signIn">;

/** "Sign in with Gatehouse": OpenID Connect on the same authorization code flow. */
export function SignInSection({ issuer, endpoints, signIn }: Props) {
  return (
    <Section id="sign-in" title="Sign in with Gatehouse (OpenID Connect)">
      <p className="text-sm text-slate-600">
        To sign users in rather than call an API for them, use Gatehouse as an OpenID Connect provider: the same authorization code
        flow with PKCE, plus the <Code>openid</Code> scope. The token response then carries an <Code>id_token</Code>, a signed JWT
        that says who signed in, for your app, and when. Give your library the issuer <Code>{issuer}</Code> alone: it reads{" "}
        <Code>{endpoints.openidConfiguration}</Code> (OpenID Connect Discovery 1.0) and finds the rest there, the signing keys at{" "}
        <Code>{endpoints.jwks}</Code> among them.
      </p>

      <h3 className="font-medium">Tested configurations</h3>
      <p className="text-sm text-slate-600">
        Each of these, with the library&apos;s defaults, signs a user in against this server in the project&apos;s own tests and
        validates the ID token itself. Ask for <Code>openid profile email</Code> to get the name and email in the ID token.
      </p>
      <CodeTabs example={signIn.samples} label="Sign in" tabs={SIGN_IN_TABS} />
      <p className="text-sm text-slate-600">
        Spring Security (<Code>spring-boot-starter-oauth2-client</Code>) discovers the provider from <Code>issuer-uri</Code> the
        same way. These properties are <strong>not tested here</strong>; for sign-out, its{" "}
        <Code>OidcClientInitiatedLogoutSuccessHandler</Code> sends users to the end-session endpoint.
      </p>
      <CodeBlock code={signIn.spring} label="application.yml · not tested here" />

      <h3 className="font-medium">What the ID token says</h3>
      <p className="text-sm text-slate-600">
        Signed with {signIn.algorithms.join(" or ")} (the app&apos;s setting on its page; RS256 unless you chose another), and valid
        for {signIn.lifetime}. Let your library check the signature, <Code>iss</Code>, <Code>aud</Code>, <Code>exp</Code> and the{" "}
        <Code>nonce</Code>; then read the claims:
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="ID token claims">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs uppercase text-slate-600">
            <tr>
              <th className="px-3 py-2">Claim</th>
              <th className="px-3 py-2">Sent</th>
              <th className="px-3 py-2">Meaning</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {signIn.claims.map(({ claim, sent, meaning }) => (
              <tr key={claim}>
                <td className="px-3 py-2 font-mono text-xs">{claim}</td>
                <td className="px-3 py-2 text-slate-600">{sent}</td>
                <td className="px-3 py-2 text-slate-700">{meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-sm text-slate-600">
        A refresh of a grant that holds <Code>openid</Code> brings a new ID token: the same <Code>iss</Code>, <Code>sub</Code>,{" "}
        <Code>aud</Code> and <Code>auth_time</Code>, a new <Code>iat</Code>, and no <Code>nonce</Code> (OpenID Connect Core §12.2).
        Userinfo gives the same user claims, under the same <Code>sub</Code>.
      </p>

      <h3 className="font-medium">The nonce</h3>
      <p className="text-sm text-slate-600">
        Make a random <Code>nonce</Code> for every sign-in, keep it in the user&apos;s session next to <Code>state</Code> and the PKCE
        verifier, and send it with the authorization request. Gatehouse puts it in the ID token exactly as sent; your library refuses
        a token whose <Code>nonce</Code> is not the one in the session, so a token taken from another sign-in cannot be replayed into
        this one. It is optional with the code flow (PKCE protects the code) and at most {signIn.maxNonceLength} characters.
      </p>

      <h3 className="font-medium">Asking for a fresh sign-in</h3>
      <dl className="space-y-2 text-sm">
        {signIn.parameters.map(({ parameter, effect }) => (
          <div key={parameter} className="rounded-lg border border-slate-200 bg-white p-3">
            <dt className="font-mono text-xs">{parameter}</dt>
            <dd className="mt-1 text-slate-700">{effect}</dd>
          </div>
        ))}
      </dl>

      <h3 className="font-medium">Signing out</h3>
      <p className="text-sm text-slate-600">
        Clearing your own session leaves the user signed in at Gatehouse, so the next sign-in goes through without a password. To end
        both, send the browser to the end-session endpoint <Code>{endpoints.endSession}</Code> (OpenID Connect RP-Initiated Logout
        1.0, GET or POST) with:
      </p>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600">
        <li>
          <Code>id_token_hint</Code>: the ID token you got at sign-in. It proves the request comes from your app for this user, so
          Gatehouse signs them out at once; an expired one is accepted. Without it, Gatehouse asks the user to confirm.
        </li>
        <li>
          <Code>post_logout_redirect_uri</Code>: where to send the browser afterwards. It must be one of the app&apos;s post-logout
          redirect URIs (up to {signIn.maxPostLogoutUris}, on the app&apos;s page under OpenID Connect; matched exactly, under the same
          rules as redirect URIs). An unregistered one is never followed.
        </li>
        <li>
          <Code>state</Code>: returned with the redirect; check it as on the callback. <Code>client_id</Code>: your client ID,
          when you send no <Code>id_token_hint</Code>.
        </li>
      </ul>
      <p className="text-sm text-slate-600">
        The example relying party in the repository (<Code>examples/oidc-rp</Code>, on openid-client) does all of this in a dozen
        routes: sign-in, the claims, sign-out, and a sign-in again with <Code>prompt=login</Code>.
      </p>
    </Section>
  );
}
