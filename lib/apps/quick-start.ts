import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { endpointsFor } from "@/lib/oauth/endpoints";
import { MAX_REDIRECT_URIS } from "@/lib/oauth/redirect-uri";
import { BASE_SCOPE } from "@/lib/oauth/scopes";
import { REFRESH_GUIDANCE } from "@/lib/docs/refresh-guidance";
import * as authorizationCode from "@/lib/oauth/grants/authorization-code";
import * as refreshToken from "@/lib/oauth/grants/refresh-token";
import { PKCE_METHOD } from "@/lib/oauth/pkce";

/** The page on this server that shows an app's owner the code (or the error) an authorization ended with. */
export const TEST_CALLBACK_PATH = "/dashboard/test-callback";

export function testCallbackUrl(issuer: string): string {
  return issuer + TEST_CALLBACK_PATH;
}

export type QuickStart = {
  authorizeUrl: string;
  /** The redirect URI the authorize URL and the token request use. */
  redirectUri: string;
  /** Which of the redirect URI slots holds the test callback (1-based), or null when it is not registered. */
  testCallbackSlot: number | null;
  /** Whether a slot is free for the test callback. */
  canAddTestCallback: boolean;
  tokenCurl: string;
  refreshCurl: string;
  /** What a client does about rotation: the previous access token ends with every refresh. */
  refreshGuidance: readonly string[];
  metadataUrl: string;
  /** The code_challenge_method of the authorize URL. */
  pkceMethod: string;
};

/** A state and a PKCE pair (RFC 7636 §4.1–4.2, S256) for one quick-start authorization. */
export type QuickStartPkce = { state: string; verifier: string; challenge: string };

/** A key for one use, derived from the server's secret, so the MACs of different uses never coincide. */
function quickStartKey(use: "verifier" | "state", serverSecret: string): Buffer {
  return createHash("sha256").update(`gatehouse quick-start ${use}\0${serverSecret}`).digest();
}

/**
 * The quick start's verifier is derived from its state with a key only this server holds, so the
 * test callback page can print the ready token request from the state it receives, while the
 * state alone (which travels in URLs) does not give the verifier away.
 */
export function quickStartVerifier(state: string, serverSecret: string): string {
  // 32 bytes, base64url: 43 characters from the unreserved set RFC 7636 §4.1 allows.
  return createHmac("sha256", quickStartKey("verifier", serverSecret)).update(state).digest("base64url");
}

function stateMac(appId: string, nonce: string, serverSecret: string): string {
  return createHmac("sha256", quickStartKey("state", serverSecret)).update(`${appId}\0${nonce}`).digest("base64url");
}

/**
 * A fresh state for the app and the pair derived from it: each render of the quick start gets its
 * own. The state is `app id.nonce.MAC`, the MAC of the app's id and the nonce keyed with the
 * server's secret, so the test callback can tell a state this server made for one of the viewer's
 * apps from any other text in its query string (RFC 6749 Appendix A.5: all VSCHARs).
 */
export function freshQuickStartPkce(appId: string, serverSecret: string): QuickStartPkce {
  const nonce = randomBytes(16).toString("base64url");
  const state = `${appId}.${nonce}.${stateMac(appId, nonce, serverSecret)}`;
  const verifier = quickStartVerifier(state, serverSecret);
  return { state, verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** The id of the app this server made a quick-start state for, or null when the state is not one it made. */
export function quickStartStateApp(state: string, serverSecret: string): string | null {
  const [appId, nonce, mac, ...rest] = state.split(".");
  if (!appId || !nonce || !mac || rest.length > 0) return null;
  const expected = Buffer.from(stateMac(appId, nonce, serverSecret));
  const received = Buffer.from(mac);
  return received.length === expected.length && timingSafeEqual(received, expected) ? appId : null;
}

/** A value as one POSIX shell word, whatever it holds: single quotes, and ' written as '\''. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

type QuickStartApp = { clientId: string; clientType: string; redirectUris: string[] };

/** How the token request authenticates: Basic with the secret read from $CLIENT_SECRET, or the public client's client_id. */
function clientAuthentication(app: QuickStartApp): string {
  // A client ID is 24 characters of [a-z0-9], safe inside double quotes, where $CLIENT_SECRET expands.
  return app.clientType === "confidential"
    ? `  -u "${app.clientId}:$CLIENT_SECRET" \\`
    : `  --data-urlencode ${shellQuote(`client_id=${app.clientId}`)} \\`;
}

/** The authorization_code request (RFC 6749 §4.1.3 with RFC 7636 §4.5), every value quoted for the shell. */
export function tokenRequestCurl(app: QuickStartApp, issuer: string, values: { code: string; redirectUri: string; verifier: string }): string {
  const q = shellQuote;
  return [
    `curl -X POST ${q(endpointsFor(issuer).token)} \\`,
    clientAuthentication(app),
    `  -d 'grant_type=${authorizationCode.grantType}' \\`,
    `  --data-urlencode ${q(`code=${values.code}`)} \\`,
    `  --data-urlencode ${q(`redirect_uri=${values.redirectUri}`)} \\`,
    `  --data-urlencode ${q(`code_verifier=${values.verifier}`)}`,
  ].join("\n");
}

/**
 * Ready-to-paste requests for one application on this server: an authorize URL with a real state
 * and challenge, and the token request with the matching verifier. When the app has the test
 * callback registered, the authorize URL ends there, so the whole flow runs with no code written.
 */
export function quickStartFor(app: QuickStartApp, issuer: string, pkce: QuickStartPkce): QuickStart {
  const endpoints = endpointsFor(issuer);
  const testCallback = testCallbackUrl(issuer);
  const slot = app.redirectUris.indexOf(testCallback);
  const redirectUri = slot >= 0 ? testCallback : (app.redirectUris[0] ?? "");
  const authorize = new URL(endpoints.authorization);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: app.clientId,
    redirect_uri: redirectUri,
    scope: BASE_SCOPE,
    state: pkce.state,
    code_challenge: pkce.challenge,
    code_challenge_method: PKCE_METHOD,
  }).toString();
  const refreshCurl = [
    `curl -X POST ${shellQuote(endpoints.token)} \\`,
    clientAuthentication(app),
    `  -d 'grant_type=${refreshToken.grantType}' \\`,
    "  --data-urlencode 'refresh_token=YOUR_REFRESH_TOKEN'",
  ].join("\n");
  return {
    authorizeUrl: authorize.toString(),
    redirectUri,
    testCallbackSlot: slot >= 0 ? slot + 1 : null,
    canAddTestCallback: slot < 0 && app.redirectUris.length < MAX_REDIRECT_URIS,
    tokenCurl: tokenRequestCurl(app, issuer, { code: "CODE_FROM_THE_CALLBACK", redirectUri, verifier: pkce.verifier }),
    refreshCurl,
    refreshGuidance: Object.values(REFRESH_GUIDANCE),
    metadataUrl: endpoints.metadata,
    pkceMethod: PKCE_METHOD,
  };
}
