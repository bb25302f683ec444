import { z } from "zod";
import { errorRedirect, issueCode, type Redirect } from "@/lib/oauth/authorization-response";
import { addSeconds } from "@/lib/oauth/clock";
import type { OAuthContext } from "@/lib/oauth/context";
import { accessDenied, scopesNeedApproval } from "@/lib/oauth/errors";
import { matchRedirectUri } from "@/lib/oauth/redirect-uri";
import { describeScopes, formatScope, heldScopes, unapprovedScopes } from "@/lib/oauth/scopes";
import { digest, generateOpaqueValue, looksLikeClientId } from "@/lib/oauth/secrets";
import { neutralize } from "@/lib/text";
import type { AuthorizationDetails, Client, PendingAuthorization } from "@/lib/oauth/storage";
import { PKCE_METHOD } from "@/lib/oauth/pkce";
import { OPENID_SCOPE } from "@/lib/oauth/id-token";

/**
 * The consent screen. The decision is bound to a server-side record of the exact request shown
 * (a pending authorization, found by the digest of an unguessable single-use handle), never to
 * form fields: client, scope and redirect URI always come from the record.
 */

/** How long a consent screen stays open before the request must start again. */
/** Consent screens a user may have open at once; opening one more forgets the oldest. */
export const MAX_OPEN_CONSENT_REQUESTS = 25;

export const CONSENT_SCREEN_SECONDS = 10 * 60;

/** A consent handle is 43 base64url characters; anything much longer is not one. */
const handleSchema = z.string().min(1).max(100);

/** The consent form as posted: which request, and the user's answer. */
export const consentDecisionSchema = z.object({ request: handleSchema, decision: z.enum(["approve", "deny"]) });
export type ConsentDecision = z.output<typeof consentDecisionSchema>;

/** The handle in the consent page's query, or null when it cannot be one. */
export function parseConsentHandle(value: unknown): string | null {
  const parsed = handleSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Stores the request as shown and returns the handle the consent page carries. */
export async function openConsentScreen(details: AuthorizationDetails, ctx: OAuthContext): Promise<string> {
  const handle = generateOpaqueValue();
  await ctx.grants.createPendingAuthorization(digest(handle), details, addSeconds(ctx.clock.now(), CONSENT_SCREEN_SECONDS), MAX_OPEN_CONSENT_REQUESTS);
  return handle;
}

export type ConsentScreen = {
  client: Client;
  scopes: { name: string; description: string; personalData: boolean }[];
  redirectHost: string;
  /** The APIs the app's tokens will be for (RFC 8707 resource), by identifier; empty when the request named none. */
  resources: string[];
  /** The same request again, for "use another account". */
  authorizePath: string;
};

/** The pending request behind a handle, if it is this user's, unanswered and not expired. */
async function findOpenRequest(handle: string, userId: string, ctx: OAuthContext): Promise<PendingAuthorization | null> {
  const pending = await ctx.grants.findPendingAuthorization(digest(handle));
  if (!pending || pending.userId !== userId || pending.usedAt || pending.expiresAt <= ctx.clock.now()) return null;
  return pending;
}

/** What the consent screen shows for a pending request of this user; null when it is unknown, someone else's, answered or expired. */
export async function loadConsentScreen(handle: string, userId: string, ctx: OAuthContext): Promise<ConsentScreen | null> {
  const pending = await findOpenRequest(handle, userId, ctx);
  if (!pending) return null;
  const client = await ctx.clients.findClientByApplicationId(pending.applicationId);
  if (!client) return null;
  const requested = pending.scope.split(" ");
  const user = requested.includes(OPENID_SCOPE) ? await ctx.users.findUserClaims(userId) : null;
  const scopes = describeScopes(requested, ctx.scopes)
    .filter((s) => ctx.scopes.some((c) => c.name === s.name))
    // "Sign you in as ada@example.com": the account the app will know the user by.
    .map((s) => (s.name === OPENID_SCOPE && user ? { ...s, description: `Sign you in as ${neutralize(user.email)}` } : s));
  return {
    // Names stored before format characters were refused are shown without them.
    client: {
      ...client,
      name: neutralize(client.name),
      description: client.description === null ? null : neutralize(client.description),
      ownerName: neutralize(client.ownerName),
    },
    scopes,
    redirectHost: redirectHostOf(pending.redirectUri),
    resources: pending.resource,
    authorizePath: rebuildAuthorizePath(client.clientId, pending),
  };
}

/** The host a user will be sent back to, in words: a web host, or the app's custom scheme. */
export function redirectHostOf(uri: string): string {
  try {
    const url = new URL(uri);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host : `${url.protocol}/…`;
  } catch {
    return uri;
  }
}

function rebuildAuthorizePath(clientId: string, pending: AuthorizationDetails): string {
  const query = new URLSearchParams({ response_type: "code", client_id: clientId, scope: pending.scope });
  if (pending.redirectUriSent) query.set("redirect_uri", pending.redirectUri);
  if (pending.state !== null) query.set("state", pending.state);
  if (pending.codeChallenge) {
    query.set("code_challenge", pending.codeChallenge);
    query.set("code_challenge_method", PKCE_METHOD);
  }
  if (pending.nonce !== null) query.set("nonce", pending.nonce);
  for (const resource of pending.resource) query.append("resource", resource);
  return `/oauth/authorize?${query.toString()}`;
}

/** The request was already answered, has expired, or belongs to another account. */
export type ConsentExpired = { kind: "expired" };
/** The app no longer has the redirect URI the request would return to: nothing is sent there. */
export type ConsentRedirectRemoved = { kind: "redirect_uri_removed" };

/**
 * The user's answer on the consent screen: a code on Approve, access_denied on Deny (RFC 6749
 * §4.1.2, §4.1.2.1). Only the first answer counts. The app is read again first: a redirect URI
 * its developer removed while the screen was open receives nothing (RFC 6749 §3.1.2: only a
 * registered URI), and neither does an app that is gone.
 */
export async function answerConsent(decision: ConsentDecision, userId: string, ctx: OAuthContext): Promise<Redirect | ConsentExpired | ConsentRedirectRemoved> {
  const expired: ConsentExpired = { kind: "expired" };
  const pending = await findOpenRequest(decision.request, userId, ctx);
  const now = ctx.clock.now();
  if (!pending || !(await ctx.grants.consumePendingAuthorization(pending.id, now))) return expired;
  const client = await ctx.clients.findClientByApplicationId(pending.applicationId);
  if (!client) return expired;
  if (matchRedirectUri(client.redirectUris, pending.redirectUri) === undefined) return { kind: "redirect_uri_removed" };
  if (decision.decision === "deny") return errorRedirect(pending.redirectUri, accessDenied("the user denied the request"), pending.state, ctx.issuer);
  // An approval revoked while the screen was open stops the grant too.
  const unapproved = unapprovedScopes(pending.scope.split(" "), client.approvedScopes, ctx.scopes);
  if (unapproved.length > 0) return errorRedirect(pending.redirectUri, scopesNeedApproval(unapproved), pending.state, ctx.issuer);
  // A scope removed while the screen was open is no longer on it: it is not granted either.
  const scope = formatScope(heldScopes(pending.scope, ctx.scopes));
  const grant = await ctx.grants.saveGrant(userId, pending.applicationId, scope, now);
  return issueCode({ ...pending, scope }, grant.id, ctx);
}

/**
 * The app a sign-in is for, when the sign-in interrupts an authorization: the authorize
 * request's client, or the one of the consent screen the session expired on. Only the name is
 * told, and only for an app that exists; the request itself is checked again after sign-in.
 */
export async function appWaitingForSignIn(callbackPath: string, ctx: OAuthContext): Promise<string | null> {
  const url = new URL(callbackPath, "http://gatehouse.invalid");
  let client: Client | null = null;
  if (url.pathname === "/oauth/authorize") {
    const clientId = url.searchParams.get("client_id");
    if (clientId && looksLikeClientId(clientId)) client = await ctx.clients.findClient(clientId);
  } else if (url.pathname === "/oauth/consent") {
    const handle = parseConsentHandle(url.searchParams.get("request"));
    const pending = handle ? await ctx.grants.findPendingAuthorization(digest(handle)) : null;
    if (pending && !pending.usedAt && pending.expiresAt > ctx.clock.now()) client = await ctx.clients.findClientByApplicationId(pending.applicationId);
  }
  return client ? neutralize(client.name) : null;
}
