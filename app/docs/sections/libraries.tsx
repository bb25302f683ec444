import { CodeTabs } from "@/components/docs/code-tabs";
import { Code, Section } from "@/components/docs/section";
import type { IntegratorGuide } from "@/lib/docs/integrator-guide";

const LIBRARY_TABS = [
  ["oauth4webapi", "oauth4webapi (JS)"],
  ["nextauth", "Auth.js / next-auth"],
  ["authlib", "Authlib (Python)"],
] as const;

type Props = Pick<IntegratorGuide, "libraries" | "endpoints" | "pkceMethod">;

export function LibrariesSection({ libraries, endpoints, pkceMethod }: Props) {
  return (
    <Section id="libraries" title="Client libraries">
      <p className="text-sm text-slate-600">
        For calling APIs on a user&apos;s behalf, general OAuth 2.0 libraries work: the flow is the authorization code grant with
        PKCE. These are complete configurations with this server&apos;s URLs; put your client ID and secret in the environment. To
        sign users in, use OpenID Connect instead: see <a href="#sign-in" className="text-indigo-600 hover:underline">Sign in with Gatehouse</a>.
      </p>
      <CodeTabs example={libraries} label="Library" tabs={LIBRARY_TABS} />
      <p className="text-sm text-slate-600">
        With Python&apos;s requests-oauthlib, use <Code>OAuth2Session(client_id, redirect_uri=..., scope=[...], pkce=&quot;{pkceMethod}&quot;)</Code>, its{" "}
        <Code>authorization_url(&quot;{endpoints.authorization}&quot;)</Code> and{" "}
        <Code>fetch_token(&quot;{endpoints.token}&quot;, client_secret=..., authorization_response=...)</Code>.
      </p>
    </Section>
  );
}
