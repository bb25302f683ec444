import { addSeconds } from "@/lib/oauth/clock";
import type { OAuthContext } from "@/lib/oauth/context";
import { CONSENT_SCREEN_SECONDS } from "@/lib/oauth/context";
import { OAuthError, safeDescription, type OAuthErrorCode } from "@/lib/oauth/errors";
import { Params } from "@/lib/oauth/params";
import { isValidS256Challenge } from "@/lib/oauth/pkce";
import { matchRedirectUri } from "@/lib/oauth/redirect-uri";
import { formatScope, includesPersonalData, isSubset, parseScope } from "@/lib/oauth/scopes";
import { digest, generateOpaqueValue } from "@/lib/oauth/secrets";
import type { AuthorizationDetails, Client } from "@/lib/oauth/store";

/**
 * The authorization endpoint (RFC 6749 §4.1.1, §4.1.2), as decisions the route turns into
 * HTTP: an error page, a redirect to the client, a redirect to sign in, or the consent screen.
 */
export type AuthorizationRequest = {
  client: Client;
  redirectUri: string;
  redirectUriSent: boolean;
  scopes: string[];
  state: string | null;
  codeChallenge: string | null;
  prompt: "none" | "consent" | null;
};

/** Shown on Gatehouse, never redirected: the client or its redirect URI cannot be trusted (RFC 6749 §4.1.2.1). */
export type ErrorPage = { kind: "error_page"; title: string; detail: string; received?: string };
export type Redirect = { kind: "redirect"; url: string };
export type AuthorizeCheck = ErrorPage | Redirect | { kind: "ok"; request: AuthorizationRequest };
export type AuthorizeDecision = Redirect | { kind: "sign_in" } | { kind: "consent"; handle: string };

function errorPage(title: string, detail: string, received?: string): ErrorPage {
  return { kind: "error_page", title, detail, received };
}

/** redirectUri with the response parameters added to its query, keeping the query it has (RFC 6749 §3.1.2). */
export function responseUrl(redirectUri: string, params: Record<string, string | null | undefined>, issuer: string): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) query.set(k, v);
  query.set("iss", issuer); // RFC 9207 §2
  return redirectUri + (redirectUri.includes("?") ? "&" : "?") + query.toString();
}

function errorRedirect(redirectUri: string, error: OAuthErrorCode, description: string, state: string | null, issuer: string): Redirect {
  return { kind: "redirect", url: responseUrl(redirectUri, { error, error_description: safeDescription(description), state }, issuer) };
}

/** Validates an authorization request in the order RFC 6749 §4.1.2.1 requires: client and redirect URI first. */
export async function checkAuthorizationRequest(params: Params, ctx: OAuthContext): Promise<AuthorizeCheck> {
  if (params.isRepeated("client_id")) return errorPage("Invalid authorization request", "client_id was sent more than once.");
  const clientId = params.get("client_id");
  if (!clientId) {
    return errorPage("Invalid authorization request", "The request has no client_id. The app that sent you here must include its client ID.");
  }
  const client = await ctx.store.findClient(clientId);
  if (!client) {
    return errorPage("Unknown application", "No application with this client_id is registered on Gatehouse. Check the client ID on the app's dashboard page.", clientId);
  }

  if (params.isRepeated("redirect_uri")) return errorPage("Invalid redirect URI", "redirect_uri was sent more than once.");
  const requestedUri = params.get("redirect_uri");
  let redirectUri: string;
  if (requestedUri === undefined) {
    // DESIGN / RFC 6749 §3.1.2.3: may be omitted only when exactly one is registered.
    if (client.redirectUris.length !== 1) {
      return errorPage(
        "Missing redirect URI",
        `redirect_uri is required: ${client.name} has ${client.redirectUris.length} registered redirect URIs, so Gatehouse cannot choose one.`,
      );
    }
    redirectUri = client.redirectUris[0]!;
  } else {
    const match = matchRedirectUri(client.redirectUris, requestedUri);
    if (!match) {
      return errorPage(
        "Redirect URI not registered",
        `redirect_uri ${requestedUri} is not registered for ${client.name}. Redirect URIs must match a registered one exactly (only the port of 127.0.0.1 and [::1] may differ). Add it on the app's dashboard page.`,
        requestedUri,
      );
    }
    redirectUri = requestedUri;
  }

  // From here on, errors go back to the client (RFC 6749 §4.1.2.1).
  const state = params.isRepeated("state") ? null : (params.get("state") ?? null);
  try {
    if (params.isRepeated("state")) throw new OAuthError("invalid_request", "state was sent more than once");
    const responseType = params.require("response_type", "send response_type=code");
    if (responseType !== "code") throw new OAuthError("unsupported_response_type", "response_type must be code");

    const scopes = parseScope(params.get("scope"), ctx.scopes);
    if (!scopes) throw new OAuthError("invalid_scope", "scope names a scope this server does not offer; see scopes_supported in the metadata");

    const challenge = params.get("code_challenge");
    const method = params.get("code_challenge_method");
    if (challenge === undefined && method !== undefined) throw new OAuthError("invalid_request", "code_challenge_method was sent without code_challenge");
    if (challenge !== undefined) {
      // RFC 7636 §4.3: a challenge without a method means plain, which Gatehouse refuses (RFC 9700 §2.1.1).
      if (method !== "S256") throw new OAuthError("invalid_request", "code_challenge_method must be S256; plain is not supported");
      if (!isValidS256Challenge(challenge)) {
        throw new OAuthError("invalid_request", "code_challenge must be the 43-character base64url SHA-256 of the code_verifier");
      }
    } else if (client.clientType === "public") {
      throw new OAuthError("invalid_request", "this app is public: PKCE is required, send code_challenge and code_challenge_method=S256");
    }

    const prompt = params.get("prompt");
    if (prompt !== undefined && prompt !== "none" && prompt !== "consent") {
      throw new OAuthError("invalid_request", "prompt must be none or consent");
    }
    return {
      kind: "ok",
      request: {
        client,
        redirectUri,
        redirectUriSent: requestedUri !== undefined,
        scopes,
        state,
        codeChallenge: challenge ?? null,
        prompt: (prompt as "none" | "consent" | undefined) ?? null,
      },
    };
  } catch (error) {
    if (error instanceof OAuthError) return errorRedirect(redirectUri, error.error, error.description, state, ctx.issuer);
    throw error;
  }
}

/**
 * What happens to a valid request for this user (null: signed out): a code straight away when
 * a confidential app already holds the scopes, else the consent screen; prompt=none never shows
 * anything (OpenID Connect Core §3.1.2.1 semantics).
 */
export async function decideAuthorization(request: AuthorizationRequest, userId: string | null, ctx: OAuthContext): Promise<AuthorizeDecision> {
  const { client, redirectUri, state, prompt } = request;
  if (!userId) {
    if (prompt === "none") return errorRedirect(redirectUri, "login_required", "the user is not signed in to Gatehouse", state, ctx.issuer);
    return { kind: "sign_in" };
  }
  const grant = await ctx.store.findGrant(userId, client.id);
  // RFC 8252 §8.6: a public client's identity cannot be assured, so its users always see the screen.
  const remembered = client.clientType === "confidential" && grant !== null && isSubset(request.scopes, grant.scope.split(" "));
  if (remembered && prompt !== "consent") {
    return { kind: "redirect", url: await issueCode(detailsOf(request, userId), grant.id, ctx) };
  }
  if (prompt === "none") {
    return errorRedirect(redirectUri, "consent_required", "the user has not approved these scopes for this app", state, ctx.issuer);
  }
  const handle = generateOpaqueValue();
  await ctx.store.createPendingAuthorization(digest(handle), detailsOf(request, userId), addSeconds(ctx.clock.now(), CONSENT_SCREEN_SECONDS));
  return { kind: "consent", handle };
}

function detailsOf(request: AuthorizationRequest, userId: string): AuthorizationDetails {
  return {
    applicationId: request.client.id,
    userId,
    redirectUri: request.redirectUri,
    redirectUriSent: request.redirectUriSent,
    scope: formatScope(request.scopes),
    state: request.state,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallenge ? "S256" : null,
  };
}

/** Stores a new single-use code and returns the success redirect (RFC 6749 §4.1.2, RFC 9207). */
async function issueCode(details: AuthorizationDetails, grantId: string, ctx: OAuthContext): Promise<string> {
  const code = generateOpaqueValue();
  const personal = includesPersonalData(details.scope.split(" "), ctx.scopes);
  const lifetime = personal ? ctx.lifetimes.personalDataCodeSeconds : ctx.lifetimes.codeSeconds;
  const { state, ...codeDetails } = details;
  await ctx.store.createCode(digest(code), { ...codeDetails, grantId, expiresAt: addSeconds(ctx.clock.now(), lifetime) });
  return responseUrl(details.redirectUri, { code, state }, ctx.issuer);
}

export type ConsentScreen = {
  client: Client;
  scopes: { name: string; description: string; personalData: boolean }[];
  redirectHost: string;
  /** The same request again, for "use another account". */
  authorizePath: string;
};

/** What the consent screen shows for a pending request of this user; null when it is unknown, someone else's, answered or expired. */
export async function loadConsentScreen(handle: string, userId: string, ctx: OAuthContext): Promise<ConsentScreen | null> {
  const pending = await ctx.store.findPendingAuthorization(digest(handle));
  if (!pending || pending.userId !== userId || pending.usedAt || pending.expiresAt <= ctx.clock.now()) return null;
  const client = await ctx.store.findClientByApplicationId(pending.applicationId);
  if (!client) return null;
  const requested = pending.scope.split(" ");
  return {
    client,
    scopes: ctx.scopes.filter((s) => requested.includes(s.name)),
    redirectHost: redirectHostOf(pending.redirectUri),
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
    query.set("code_challenge_method", "S256");
  }
  return `/oauth/authorize?${query.toString()}`;
}

/**
 * The user's answer on the consent screen. Bound to the stored request, never to form fields:
 * client, scope and redirect URI come from the record. Only the first answer counts.
 */
export async function answerConsent(handle: string, userId: string, approve: boolean, ctx: OAuthContext): Promise<Redirect | ErrorPage> {
  const expired = errorPage(
    "This request is no longer valid",
    "It was already answered, has expired, or belongs to another account. Go back to the app and start signing in again.",
  );
  const pending = await ctx.store.findPendingAuthorization(digest(handle));
  const now = ctx.clock.now();
  if (!pending || pending.userId !== userId || pending.usedAt || pending.expiresAt <= now) return expired;
  if (!(await ctx.store.consumePendingAuthorization(pending.id, now))) return expired;
  if (!approve) return errorRedirect(pending.redirectUri, "access_denied", "the user denied the request", pending.state, ctx.issuer);
  const grant = await ctx.store.saveGrant(userId, pending.applicationId, pending.scope, now);
  return { kind: "redirect", url: await issueCode(pending, grant.id, ctx) };
}
