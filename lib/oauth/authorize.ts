import { z } from "zod";
import { errorRedirect, issueCode, type ErrorRedirect, type Redirect } from "@/lib/oauth/authorization-response";
import { openConsentScreen } from "@/lib/oauth/consent";
import type { OAuthContext } from "@/lib/oauth/context";
import { consentRequired, invalidRequest, invalidScope, loginRequired, OAuthError, scopesNeedApproval, unsupportedResponseType } from "@/lib/oauth/errors";
import { optionalParam, requiredParam, type Params } from "@/lib/oauth/params";
import { isValidS256Challenge, PKCE_METHOD } from "@/lib/oauth/pkce";
import { looksLikeClientId } from "@/lib/oauth/secrets";
import { matchRedirectUri } from "@/lib/oauth/redirect-uri";
import { describeScopeRefusal, formatScope, isSubset, parseScope, unapprovedScopes } from "@/lib/oauth/scopes";
import type { AuthorizationDetails, Client } from "@/lib/oauth/storage";

/**
 * The authorization endpoint (RFC 6749 §4.1.1, §4.1.2), as decisions the route turns into
 * HTTP: an error page, a redirect to the client, a redirect to sign in, or the consent screen.
 * It says why, never how to word it: app/ words the pages.
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

/** Why a request is shown on Gatehouse and never redirected: the client or its redirect URI cannot be trusted (RFC 6749 §4.1.2.1). */
export type AuthorizeErrorReason =
  | "missing_client_id"
  | "repeated_client_id"
  | "unknown_client"
  | "repeated_redirect_uri"
  | "missing_redirect_uri"
  | "unregistered_redirect_uri"
  | "invalid_state";

export type ErrorPage = {
  kind: "error_page";
  reason: AuthorizeErrorReason;
  /** The value received, for the page to show escaped. */
  received?: string;
  /** The app, once it is known. */
  client?: Pick<Client, "id" | "name" | "redirectUris">;
};

export type AuthorizeCheck = ErrorPage | ErrorRedirect | { kind: "ok"; request: AuthorizationRequest };
export type AuthorizeDecision = Redirect | { kind: "sign_in" } | { kind: "consent"; handle: string };

/**
 * The authorization request's parameters after client_id and redirect_uri, which are checked
 * first because their errors are never redirected. @see RFC 6749 §4.1.1, RFC 7636 §4.3
 */
export const authorizationParameters = z.object({
  response_type: requiredParam("response_type", "send response_type=code"),
  scope: optionalParam("scope"),
  state: optionalParam("state"),
  code_challenge: optionalParam("code_challenge").refine(
    (v) => v === undefined || isValidS256Challenge(v),
    "code_challenge must be the 43-character base64url SHA-256 of the code_verifier",
  ),
  // RFC 9700 §2.1.1: plain would let an intercepted code be redeemed; only S256 is offered.
  code_challenge_method: z.enum([PKCE_METHOD], { error: `code_challenge_method must be ${PKCE_METHOD}; plain is not supported` }).optional(),
  prompt: z.enum(["none", "consent"], { error: "prompt must be none or consent" }).optional(),
});

/** RFC 6749 Appendix A.5: state = 1*VSCHAR, VSCHAR = %x20-7E. */
const VSCHAR = /^[\x20-\x7e]+$/;

const errorPage = (reason: AuthorizeErrorReason, extra: Omit<ErrorPage, "kind" | "reason"> = {}): ErrorPage => ({ kind: "error_page", reason, ...extra });

/** Validates an authorization request in the order RFC 6749 §4.1.2.1 requires: client and redirect URI first. */
export async function checkAuthorizationRequest(params: Params, ctx: OAuthContext): Promise<AuthorizeCheck> {
  if (params.isRepeated("client_id")) return errorPage("repeated_client_id");
  const clientId = params.peek("client_id");
  if (!clientId) return errorPage("missing_client_id");
  // A value without a client ID's shape is no app's, and is never looked up.
  const client = looksLikeClientId(clientId) ? await ctx.clients.findClient(clientId) : null;
  if (!client) return errorPage("unknown_client", { received: clientId });

  if (params.isRepeated("redirect_uri")) return errorPage("repeated_redirect_uri", { client });
  const requestedUri = params.peek("redirect_uri");
  let redirectUri: string;
  if (requestedUri === undefined) {
    // DESIGN / RFC 6749 §3.1.2.3: may be omitted only when exactly one is registered.
    if (client.redirectUris.length !== 1) return errorPage("missing_redirect_uri", { client });
    redirectUri = client.redirectUris[0]!;
  } else {
    if (!matchRedirectUri(client.redirectUris, requestedUri)) return errorPage("unregistered_redirect_uri", { client, received: requestedUri });
    redirectUri = requestedUri;
  }

  // From here on, errors go back to the client (RFC 6749 §4.1.2.1), with the state echoed: a
  // state outside VSCHAR (Appendix A.5) cannot be echoed, so it stops here.
  const state = params.peek("state") ?? null;
  if (state !== null && !VSCHAR.test(state)) return errorPage("invalid_state", { client });
  try {
    const request = parseAuthorizationParameters(params, client, ctx);
    return { kind: "ok", request: { client, redirectUri, redirectUriSent: requestedUri !== undefined, state, ...request } };
  } catch (error) {
    // The route sends it only to a signed-in user (RFC 9700 §4.11.2); a visitor sees it on Gatehouse.
    if (error instanceof OAuthError) return { ...errorRedirect(redirectUri, error, state, ctx.issuer), client: { name: client.name } };
    throw error;
  }
}

/** Every malformed parameter at once as invalid_request, then the checks that need the catalogue and the client. */
function parseAuthorizationParameters(params: Params, client: Client, ctx: OAuthContext) {
  const { data, errors } = params.problemsWith(authorizationParameters);
  if (data) {
    if (data.code_challenge === undefined && data.code_challenge_method !== undefined) errors.push("code_challenge_method was sent without code_challenge");
    // RFC 7636 §4.3: a challenge without a method means plain, which is refused.
    if (data.code_challenge !== undefined && data.code_challenge_method === undefined) {
      errors.push(`code_challenge_method is missing: without it the challenge means plain, which is not supported; send code_challenge_method=${PKCE_METHOD}`);
    }
  }
  if (!data || errors.length > 0) throw invalidRequest(errors.join("; "));

  if (data.response_type !== "code") throw unsupportedResponseType("response_type must be code");
  const scopes = parseScope(data.scope, ctx.scopes);
  if (!scopes) throw invalidScope(describeScopeRefusal(data.scope, ctx.scopes));
  const unapproved = unapprovedScopes(scopes, client.approvedScopes, ctx.scopes);
  if (unapproved.length > 0) throw scopesNeedApproval(unapproved);
  if (data.code_challenge === undefined && client.clientType === "public") {
    throw invalidRequest(`this app is public: PKCE is required, send code_challenge and code_challenge_method=${PKCE_METHOD}`);
  }
  return { scopes, codeChallenge: data.code_challenge ?? null, prompt: data.prompt ?? null };
}

/**
 * What happens to a valid request for this user (null: signed out): a code straight away when
 * a confidential app already holds the scopes, else the consent screen; prompt=none never shows
 * anything (OpenID Connect Core §3.1.2.1 semantics).
 */
export async function decideAuthorization(request: AuthorizationRequest, userId: string | null, ctx: OAuthContext): Promise<AuthorizeDecision> {
  const { client, redirectUri, state, prompt } = request;
  if (!userId) {
    if (prompt === "none") return errorRedirect(redirectUri, loginRequired("the user is not signed in to Gatehouse"), state, ctx.issuer);
    return { kind: "sign_in" };
  }
  const grant = await ctx.grants.findGrant(userId, client.id);
  // RFC 8252 §8.6: a public client's identity cannot be assured, so its users always see the screen.
  const remembered = client.clientType === "confidential" && grant !== null && isSubset(request.scopes, grant.scope.split(" "));
  if (remembered && prompt !== "consent") return issueCode(detailsOf(request, userId), grant.id, ctx);
  if (prompt === "none") {
    return errorRedirect(redirectUri, consentRequired("the user has not approved these scopes for this app"), state, ctx.issuer);
  }
  return { kind: "consent", handle: await openConsentScreen(detailsOf(request, userId), ctx) };
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
    nonce: null,
    authTime: null,
  };
}
