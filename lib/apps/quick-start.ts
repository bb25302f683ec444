import { endpointsFor } from "@/lib/oauth/endpoints";
import { BASE_SCOPE } from "@/lib/oauth/scopes";

export type QuickStart = { authorizeUrl: string; tokenCurl: string; refreshCurl: string; metadataUrl: string };

/** A value as one POSIX shell word, whatever it holds: single quotes, and ' written as '\''. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

/**
 * Ready-to-paste requests for one application on this server. Every value in the shell
 * commands is quoted, so a redirect URI with & ? ; or quotes in it reaches curl as it is. The
 * state and PKCE values are placeholders the integrator replaces with fresh ones per sign-in.
 */
export function quickStartFor(app: { clientId: string; clientType: string; redirectUris: string[] }, issuer: string): QuickStart {
  const endpoints = endpointsFor(issuer);
  const redirectUri = app.redirectUris[0] ?? "";
  const authorize = new URL(endpoints.authorization);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: app.clientId,
    redirect_uri: redirectUri,
    scope: BASE_SCOPE,
    state: "RANDOM_STATE",
    code_challenge: "BASE64URL_SHA256_OF_CODE_VERIFIER",
    code_challenge_method: "S256",
  }).toString();
  const q = shellQuote;
  const auth =
    app.clientType === "confidential"
      ? `  -u ${q(`${app.clientId}:YOUR_CLIENT_SECRET`)} \\`
      : `  --data-urlencode ${q(`client_id=${app.clientId}`)} \\`;
  const tokenCurl = [
    `curl -X POST ${q(endpoints.token)} \\`,
    auth,
    "  -d 'grant_type=authorization_code' \\",
    "  --data-urlencode 'code=CODE_FROM_THE_CALLBACK' \\",
    `  --data-urlencode ${q(`redirect_uri=${redirectUri}`)} \\`,
    "  --data-urlencode 'code_verifier=YOUR_CODE_VERIFIER'",
  ].join("\n");
  const refreshCurl = [
    `curl -X POST ${q(endpoints.token)} \\`,
    auth,
    "  -d 'grant_type=refresh_token' \\",
    "  --data-urlencode 'refresh_token=YOUR_REFRESH_TOKEN'",
  ].join("\n");
  return { authorizeUrl: authorize.toString(), tokenCurl, refreshCurl, metadataUrl: endpoints.metadata };
}
