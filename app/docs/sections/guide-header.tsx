import Link from "next/link";
import { CopyableValue } from "@/components/ui/copy-button";

export function GuideHeader({ metadataUrl }: { metadataUrl: string }) {
  return (
    <header className="space-y-3">
      <h1 className="text-3xl font-bold tracking-tight">Integrate with Gatehouse</h1>
      <p className="text-slate-600">
        Gatehouse is a standard OAuth 2.0 authorization server: the authorization code grant with PKCE (RFC 6749, RFC
        7636), rotating refresh tokens, revocation (RFC 7009), introspection (RFC 7662) and server metadata (RFC 8414).
        Any OAuth 2.0 client library works; point it at the metadata document. It is an OpenID Connect provider on the same
        flow too, for &quot;Sign in with Gatehouse&quot;: ID tokens, discovery and sign-out (OpenID Connect Core 1.0, Discovery
        1.0, RP-Initiated Logout 1.0).
      </p>
      <CopyableValue value={metadataUrl} />
      <p className="text-sm text-slate-600">
        First <Link href="/dashboard/new" className="text-indigo-600 hover:underline">register an application</Link> to get a client ID
        (and a client secret for a server-side app). Its page has a quick start with your own values.
      </p>
    </header>
  );
}
