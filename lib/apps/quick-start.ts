import { endpointsFor } from "@/lib/oauth/endpoints";
import { BASE_SCOPE } from "@/lib/oauth/scopes";

export type QuickStart = { authorizeUrl: string; tokenCurl: string; refreshCurl: string; metadataUrl: string };

/**
 * Ready-to-paste requests for one application on this server. The state and PKCE values are
 * placeholders the integrator replaces with fresh ones per sign-in.
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
  const auth =
    app.clientType === "confidential"
      ? `  -u '${app.clientId}:YOUR_CLIENT_SECRET' \\`
      : `  -d client_id=${app.clientId} \\`;
  const tokenCurl = [
    `curl -X POST ${endpoints.token} \\`,
    auth,
    "  -d grant_type=authorization_code \\",
    "  -d code=CODE_FROM_THE_CALLBACK \\",
    `  --data-urlencode redirect_uri=${redirectUri} \\`,
    "  -d code_verifier=YOUR_CODE_VERIFIER",
  ].join("\n");
  const refreshCurl = [`curl -X POST ${endpoints.token} \\`, auth, "  -d grant_type=refresh_token \\", "  -d refresh_token=YOUR_REFRESH_TOKEN"].join("\n");
  return { authorizeUrl: authorize.toString(), tokenCurl, refreshCurl, metadataUrl: endpoints.metadata };
}
