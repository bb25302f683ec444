import { quickStartStateApp, quickStartVerifier, testCallbackUrl, tokenRequestCurl } from "@/lib/apps/quick-start";
import { appendRedirectUri, findCodeByDigest } from "@/lib/db/applications";
import { getApplication, NotFoundError } from "@/lib/apps/applications";
import { checkRedirectUri, MAX_REDIRECT_URIS } from "@/lib/oauth/redirect-uri";
import { ERROR_CATALOGUE, safeDescription, type OAuthErrorCode } from "@/lib/oauth/errors";
import { digest } from "@/lib/oauth/secrets";

/**
 * The test callback: a redirect URI on this server that a developer registers with one click to
 * try the flow before writing a callback. It shows the code only to the app's owner, so that a
 * user cannot be talked into reading one out for someone else's app. Anyone can put any text in
 * its query string and send the link around, so it shows only what Gatehouse made: an error's
 * description only when the state is a quick-start state of an app the viewer owns (else
 * Gatehouse's own words for the code), never an unknown code or a state it did not make.
 */
export type TestCallbackView =
  | { kind: "empty" }
  | {
      kind: "error";
      /** The error code when it is one the authorization endpoint sends (RFC 6749 §4.1.2.1), else null. */
      error: string | null;
      /** The received error_description, only for the viewer's own app's quick start; else Gatehouse's words. */
      description: string;
      /** The viewer's app whose quick-start state came back, or null. */
      app: { id: string; name: string } | null;
      state: ReturnedState;
      issuerMatches: boolean | null;
    }
  | { kind: "code_unusable" }
  | { kind: "not_owner" }
  | {
      kind: "code";
      app: { id: string; name: string; clientType: string };
      code: string;
      state: ReturnedState;
      issuerMatches: boolean | null;
      expiresAt: Date;
      slot: number;
      /** The token request, with the quick start's verifier when the state is this app's quick-start state. */
      tokenCurl: string;
    };

/** What came back as state: the quick start's for this app, something else (not shown), or nothing. */
export type ReturnedState = "quick_start" | "other" | null;

/** In the token request when the state is not the quick start's: the verifier the developer's own code made. */
export const OWN_VERIFIER = "YOUR_CODE_VERIFIER";

const UNKNOWN_ERROR =
  "Gatehouse does not send this error, so this answer did not come from its authorization endpoint. Open the authorize URL from your app's quick start to try again.";

const first = (value: string | string[] | undefined): string | null => (typeof value === "string" ? value : Array.isArray(value) ? (value[0] ?? null) : null);

/** Shown as text, never as markup; long values are cut so that a crafted link cannot flood the page. */
const shown = (value: string, max = 500): string => (value.length > max ? `${value.slice(0, max)}…` : value);

/** An error code Gatehouse's authorization endpoint sends, and what it means in Gatehouse's words. */
function authorizationError(code: string | null): { code: string; meaning: string } | null {
  if (code === null || !Object.hasOwn(ERROR_CATALOGUE, code)) return null;
  const entry = ERROR_CATALOGUE[code as OAuthErrorCode];
  return (entry.where as readonly string[]).includes("authorize") ? { code, meaning: entry.meaning } : null;
}

/** The viewer's app a quick-start state was made for, or null (not a state this server made, or another developer's app). */
async function ownedQuickStartApp(viewerId: string, state: string | null, serverSecret: string) {
  const appId = state === null ? null : quickStartStateApp(state, serverSecret);
  if (appId === null) return null;
  try {
    return await getApplication(viewerId, appId);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

export async function testCallbackView(
  viewerId: string,
  query: Record<string, string | string[] | undefined>,
  server: { issuer: string; secret: string; now: Date },
): Promise<TestCallbackView> {
  const state = first(query.state);
  const iss = first(query.iss);
  // RFC 9207 §2.4: the client compares iss with the issuer it started the flow with.
  const issuerMatches = iss === null ? null : iss === server.issuer;
  const error = first(query.error);
  if (error !== null) {
    const app = await ownedQuickStartApp(viewerId, state, server.secret);
    const known = authorizationError(error);
    const received = first(query.error_description);
    // RFC 6749 §4.1.2.1: Gatehouse's descriptions are printable ASCII without " and \.
    const description = app && known && received && safeDescription(received) === received ? shown(received) : (known?.meaning ?? UNKNOWN_ERROR);
    return {
      kind: "error",
      error: known?.code ?? null,
      description,
      app: app && { id: app.id, name: app.name },
      state: app ? "quick_start" : state === null ? null : "other",
      issuerMatches,
    };
  }
  const code = first(query.code);
  if (code === null || code === "") return { kind: "empty" };
  if (code.length > 512) return { kind: "code_unusable" };

  const row = await findCodeByDigest(digest(code));
  if (!row) return { kind: "code_unusable" };
  if (row.application.ownerId !== viewerId) return { kind: "not_owner" };
  if (row.usedAt || row.expiresAt <= server.now) return { kind: "code_unusable" };
  const app = await getApplication(viewerId, row.application.id);
  const redirectUri = testCallbackUrl(server.issuer);
  // The verifier is derived only from a state made for this very app: any other state would make
  // this page an oracle for the verifier of a state seen elsewhere.
  const fromQuickStart = state !== null && quickStartStateApp(state, server.secret) === app.id;
  return {
    kind: "code",
    app: { id: app.id, name: app.name, clientType: app.clientType },
    code,
    state: fromQuickStart ? "quick_start" : state === null ? null : "other",
    issuerMatches,
    expiresAt: row.expiresAt,
    slot: app.redirectUris.indexOf(redirectUri) + 1,
    tokenCurl: tokenRequestCurl(app, server.issuer, { code, redirectUri, verifier: fromQuickStart ? quickStartVerifier(state, server.secret) : OWN_VERIFIER }),
  };
}

export type AddTestCallbackResult = { ok: true; slot: number } | { ok: false; error: string };

/** Registers the test callback in the app's next free redirect URI slot (or reports the one it holds). */
export async function addTestCallback(ownerId: string, appId: unknown, issuer: string): Promise<AddTestCallbackResult> {
  const app = await getApplication(ownerId, appId);
  // The server's own address follows the same rules as any redirect URI (https, or http on loopback).
  const check = checkRedirectUri(testCallbackUrl(issuer), app.clientType);
  if (!check.ok) return { ok: false, error: `This server's address cannot be a redirect URI: ${check.error}` };
  const outcome = await appendRedirectUri(ownerId, app.id, check.uri, MAX_REDIRECT_URIS);
  if (outcome === "not_found") throw new NotFoundError();
  if (outcome === "full") {
    return { ok: false, error: `All ${MAX_REDIRECT_URIS} redirect URI slots are in use: remove one in Settings to add the test callback` };
  }
  return { ok: true, slot: outcome };
}
