import { quickStartVerifier, testCallbackUrl, tokenRequestCurl } from "@/lib/apps/quick-start";
import { appendRedirectUri, findCodeByDigest } from "@/lib/db/applications";
import { getApplication, NotFoundError } from "@/lib/apps/applications";
import { checkRedirectUri, MAX_REDIRECT_URIS } from "@/lib/oauth/redirect-uri";
import { digest } from "@/lib/oauth/secrets";

/**
 * The test callback: a redirect URI on this server that a developer registers with one click to
 * try the flow before writing a callback. It shows the code only to the app's owner, so that a
 * user cannot be talked into reading one out for someone else's app; errors carry nothing secret
 * and are shown to anyone.
 */
export type TestCallbackView =
  | { kind: "empty" }
  | { kind: "error"; error: string; description: string | null; state: string | null; issuerMatches: boolean | null }
  | { kind: "code_unusable" }
  | { kind: "not_owner" }
  | {
      kind: "code";
      app: { id: string; name: string; clientType: string };
      code: string;
      state: string | null;
      issuerMatches: boolean | null;
      expiresAt: Date;
      slot: number;
      tokenCurl: string;
    };

const first = (value: string | string[] | undefined): string | null => (typeof value === "string" ? value : Array.isArray(value) ? (value[0] ?? null) : null);

/** Shown as text, never as markup; long values are cut so that a crafted link cannot flood the page. */
const shown = (value: string | null, max = 500): string | null => (value === null ? null : value.length > max ? `${value.slice(0, max)}…` : value);

export async function testCallbackView(
  viewerId: string,
  query: Record<string, string | string[] | undefined>,
  server: { issuer: string; secret: string; now: Date },
): Promise<TestCallbackView> {
  const state = shown(first(query.state));
  const iss = first(query.iss);
  // RFC 9207 §2.4: the client compares iss with the issuer it started the flow with.
  const issuerMatches = iss === null ? null : iss === server.issuer;
  const error = first(query.error);
  if (error !== null) return { kind: "error", error: shown(error, 100)!, description: shown(first(query.error_description)), state, issuerMatches };
  const code = first(query.code);
  if (code === null || code === "") return { kind: "empty" };
  if (code.length > 512) return { kind: "code_unusable" };

  const row = await findCodeByDigest(digest(code));
  if (!row) return { kind: "code_unusable" };
  if (row.application.ownerId !== viewerId) return { kind: "not_owner" };
  if (row.usedAt || row.expiresAt <= server.now) return { kind: "code_unusable" };
  const app = await getApplication(viewerId, row.application.id);
  const redirectUri = testCallbackUrl(server.issuer);
  return {
    kind: "code",
    app: { id: app.id, name: app.name, clientType: app.clientType },
    code,
    state,
    issuerMatches,
    expiresAt: row.expiresAt,
    slot: app.redirectUris.indexOf(redirectUri) + 1,
    tokenCurl: tokenRequestCurl(app, server.issuer, { code, redirectUri, verifier: quickStartVerifier(first(query.state) ?? "", server.secret) }),
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
