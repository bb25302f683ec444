import { z } from "zod";
import { errorRedirect, issueCode, type ErrorRedirect, type Redirect } from "@/lib/oauth/authorization-response";
import { openConsentScreen } from "@/lib/oauth/consent";
import type { OAuthContext } from "@/lib/oauth/context";
import {
  consentRequired,
  invalidRequest,
  invalidScope,
  loginRequired,
  unauthorizedClient,
  OAuthError,
  registrationNotSupported,
  requestNotSupported,
  requestUriNotSupported,
  scopesNeedApproval,
  unsupportedResponseType,
} from "@/lib/oauth/errors";
import { optionalParam, repeatedParam, requiredParam, type Params } from "@/lib/oauth/params";
import { catalogueApis, checkScopesForResources, parseResources, UNKNOWN_RESOURCE } from "@/lib/oauth/resource-indicators";
import { isValidS256Challenge, PKCE_METHOD } from "@/lib/oauth/pkce";
import { MAX_NONCE_LENGTH, verifyIdTokenHint } from "@/lib/oauth/id-token";
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
  /** The APIs named by resource (RFC 8707 §2), normalised; empty when none were. */
  resources: string[];
  state: string | null;
  codeChallenge: string | null;
  /** OpenID Connect Core §3.1.2.1 prompt, as a set (empty when not sent). */
  prompt: ReadonlySet<Prompt>;
  nonce: string | null;
  /** Seconds: a sign-in older than this signs in again (§3.1.2.1 max_age). */
  maxAge: number | null;
  /** The account an id_token_hint names (its sub), once the hint checked out. */
  hintedSubject: string | null;
  /** For the sign-in form's email field (§3.1.2.1 login_hint). */
  loginHint: string | null;
};

/** OpenID Connect Core §3.1.2.1: the prompt values Gatehouse honours. */
export const PROMPT_VALUES = ["none", "login", "consent", "select_account"] as const;
export type Prompt = (typeof PROMPT_VALUES)[number];

/** The browser session a request is decided for: whose, and when its password was checked. */
export type SignedInUser = { id: string; signedInAt: Date };

/** Why a request is shown on Gatehouse and never redirected: the client or its redirect URI cannot be trusted (RFC 6749 §4.1.2.1). */
export type AuthorizeErrorReason =
  | "missing_client_id"
  | "repeated_client_id"
  | "unknown_client"
  | "repeated_redirect_uri"
  | "missing_redirect_uri"
  | "unregistered_redirect_uri"
  | "invalid_state";

/**
 * Signing in first: `continueQuery` is the authorization request to come back to, without what
 * asked for the sign-in (prompt=login and select_account, max_age, id_token_hint), so that the
 * fresh sign-in satisfies it (its auth_time tells the client when it happened). `reason` words
 * the sign-in page; `loginHint` prefills it.
 */
export type SignIn = { kind: "sign_in"; reason: "signed_out" | "login" | "max_age" | "select_account" | "other_account"; continueQuery: string; loginHint: string | null };

export type ErrorPage = {
  kind: "error_page";
  reason: AuthorizeErrorReason;
  /** The value received, for the page to show escaped. */
  received?: string;
  /** The app, once it is known. */
  client?: Pick<Client, "id" | "name" | "redirectUris">;
};

export type AuthorizeCheck = ErrorPage | ErrorRedirect | { kind: "ok"; request: AuthorizationRequest };
export type AuthorizeDecision = Redirect | SignIn | { kind: "consent"; handle: string };

/**
 * The authorization request's parameters after client_id and redirect_uri, which are checked
 * first because their errors are never redirected. @see RFC 6749 §4.1.1, RFC 7636 §4.3
 */
export const authorizationParameters = z.object({
  response_type: requiredParam("response_type", "send response_type=code"),
  scope: optionalParam("scope"),
  // RFC 8707 §2: the one parameter that may repeat, one value per API.
  resource: repeatedParam("resource"),
  state: optionalParam("state"),
  code_challenge: optionalParam("code_challenge").refine(
    (v) => v === undefined || isValidS256Challenge(v),
    "code_challenge must be the 43-character base64url SHA-256 of the code_verifier",
  ),
  // RFC 9700 §2.1.1: plain would let an intercepted code be redeemed; only S256 is offered.
  code_challenge_method: z.enum([PKCE_METHOD], { error: `code_challenge_method must be ${PKCE_METHOD}; plain is not supported` }).optional(),
  prompt: optionalParam("prompt"),
  nonce: optionalParam("nonce").refine((v) => v === undefined || v.length <= MAX_NONCE_LENGTH, `nonce is longer than ${MAX_NONCE_LENGTH} characters; send a shorter random value`),
  max_age: optionalParam("max_age").refine((v) => v === undefined || /^\d{1,9}$/.test(v), "max_age must be a whole number of seconds, 0 or more"),
  id_token_hint: optionalParam("id_token_hint"),
  login_hint: optionalParam("login_hint").refine((v) => v === undefined || v.length <= 320, "login_hint is longer than 320 characters; send the user's email address"),
});

/** OpenID Connect Core §6.1, §6.2, §7.2.1: parameters Gatehouse refuses by name, with their own codes. */
const UNSUPPORTED_PARAMETERS = [
  ["request", () => requestNotSupported("request objects are not supported; send the parameters in the query string")],
  ["request_uri", () => requestUriNotSupported("request_uri is not supported; send the parameters in the query string")],
  ["registration", () => registrationNotSupported("registration is not supported; register the app on the Gatehouse dashboard")],
] as const;

/** The prompt parameter as a set: known values only, none alone (OpenID Connect Core §3.1.2.1). */
function parsePrompt(value: string | undefined, errors: string[]): Set<Prompt> {
  const values = new Set<Prompt>();
  if (value === undefined) return values;
  for (const part of value.split(" ").filter(Boolean)) {
    if ((PROMPT_VALUES as readonly string[]).includes(part)) values.add(part as Prompt);
    else errors.push(`prompt value ${part.slice(0, 40)} is not supported; use ${PROMPT_VALUES.join(", ")}`);
  }
  if (values.has("none") && values.size > 1) errors.push("prompt=none cannot be combined with other values");
  return values;
}

/** RFC 6749 Appendix A.5: state = 1*VSCHAR, VSCHAR = %x20-7E. */
export const VSCHAR = /^[\x20-\x7e]+$/;

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
    const hintedSubject = request.idTokenHint === undefined ? null : await hintedAccount(request.idTokenHint, client, ctx);
    return { kind: "ok", request: { client, redirectUri, redirectUriSent: requestedUri !== undefined, state, ...request.request, hintedSubject } };
  } catch (error) {
    // The route sends it only to a signed-in user (RFC 9700 §4.11.2); a visitor sees it on Gatehouse.
    if (error instanceof OAuthError) return { ...errorRedirect(redirectUri, error, state, ctx.issuer), client: { name: client.name } };
    throw error;
  }
}

/** Every malformed parameter at once as invalid_request, then the checks that need the catalogue and the client. */
function parseAuthorizationParameters(params: Params, client: Client, ctx: OAuthContext) {
  for (const [name, refusal] of UNSUPPORTED_PARAMETERS) if (params.peek(name) !== undefined || params.isRepeated(name)) throw refusal();
  const { data, errors } = params.problemsWith(authorizationParameters);
  // Read apart from the schema's result, so that its problems join the others'.
  const prompt = parsePrompt(params.isRepeated("prompt") ? undefined : params.peek("prompt"), errors);
  if (data) {
    if (data.code_challenge === undefined && data.code_challenge_method !== undefined) errors.push("code_challenge_method was sent without code_challenge");
    // RFC 7636 §4.3: a challenge without a method means plain, which is refused.
    if (data.code_challenge !== undefined && data.code_challenge_method === undefined) {
      errors.push(`code_challenge_method is missing: without it the challenge means plain, which is not supported; send code_challenge_method=${PKCE_METHOD}`);
    }
  }
  if (!data || errors.length > 0) throw invalidRequest(errors.join("; "));

  if (data.response_type !== "code") throw unsupportedResponseType("response_type must be code");
  // RFC 6749 §4.1.2.1: a client not allowed the code flow may not ask for a code.
  if (!client.grantTypes.includes("authorization_code")) {
    throw unauthorizedClient("this app is not allowed the authorization code flow: its developer allows the authorization_code grant type on its dashboard page");
  }
  const resources = parseResources(data.resource, new Set(catalogueApis(ctx.scopes).keys()), UNKNOWN_RESOURCE);
  const scopes = parseScope(data.scope, ctx.scopes, { base: resources.length === 0 });
  if (!scopes) throw invalidScope(describeScopeRefusal(data.scope, ctx.scopes));
  checkScopesForResources(scopes, resources, ctx.scopes);
  const unapproved = unapprovedScopes(scopes, client.approvedScopes, ctx.scopes);
  if (unapproved.length > 0) throw scopesNeedApproval(unapproved);
  if (data.code_challenge === undefined && client.clientType === "public") {
    throw invalidRequest(`this app is public: PKCE is required, send code_challenge and code_challenge_method=${PKCE_METHOD}`);
  }
  return {
    idTokenHint: data.id_token_hint,
    request: {
      scopes,
      resources,
      codeChallenge: data.code_challenge ?? null,
      prompt,
      nonce: data.nonce ?? null,
      maxAge: data.max_age === undefined ? null : Number(data.max_age),
      loginHint: data.login_hint ?? null,
    },
  };
}

/** The account an id_token_hint names: one of this server's ID tokens for this client, expired or not (§3.1.2.1). */
async function hintedAccount(hint: string, client: Client, ctx: OAuthContext): Promise<string> {
  const verified = await verifyIdTokenHint(hint, ctx);
  if (!verified) throw invalidRequest("id_token_hint is not an ID token this server issued; send one Gatehouse gave this app, or leave it out");
  if (!verified.aud.includes(client.clientId)) throw invalidRequest("id_token_hint was issued to another app; send one issued to this client_id");
  return verified.sub;
}

/** Why the user must sign in (again) before this request goes on, or null. */
function signInReason(request: AuthorizationRequest, user: SignedInUser | null, now: Date): SignIn["reason"] | null {
  if (!user) return "signed_out";
  if (request.hintedSubject !== null && request.hintedSubject !== user.id) return "other_account";
  if (request.maxAge !== null && now.getTime() - user.signedInAt.getTime() > request.maxAge * 1000) return "max_age";
  if (request.prompt.has("login")) return "login";
  if (request.prompt.has("select_account")) return "select_account";
  return null;
}

/** The request to come back to after signing in: the same parameters, without those the sign-in satisfied. */
function continueQuery(params: URLSearchParams): string {
  const query = new URLSearchParams(params);
  const prompt = (query.get("prompt") ?? "").split(" ").filter((p) => p && p !== "login" && p !== "select_account");
  if (prompt.length > 0) query.set("prompt", prompt.join(" "));
  else query.delete("prompt");
  query.delete("max_age");
  query.delete("id_token_hint");
  return query.toString();
}

/** What prompt=none answers when the user would have to sign in, in words (OpenID Connect Core §3.1.2.6). */
const SILENT_SIGN_IN_REFUSALS: Record<SignIn["reason"], string> = {
  signed_out: "the user is not signed in to Gatehouse",
  other_account: "the signed-in user is not the one id_token_hint names",
  max_age: "the user signed in longer ago than max_age allows",
  login: "prompt=login needs the user",
  select_account: "prompt=select_account needs the user",
};

/**
 * What happens to a valid request for this browser session (null: signed out): a sign-in first
 * when the request asks for a fresh one (prompt=login, select_account, max_age) or names another
 * account (id_token_hint); then a code straight away when a confidential app already holds the
 * scopes, else the consent screen. prompt=none never shows anything (OpenID Connect Core
 * §3.1.2.1): it answers login_required or consent_required instead. `search` is the request's
 * query, to come back to after signing in.
 */
export async function decideAuthorization(request: AuthorizationRequest, user: SignedInUser | null, ctx: OAuthContext, search = ""): Promise<AuthorizeDecision> {
  const { client, redirectUri, state, prompt } = request;
  const reason = signInReason(request, user, ctx.clock.now());
  if (reason !== null) {
    if (prompt.has("none")) return errorRedirect(redirectUri, loginRequired(SILENT_SIGN_IN_REFUSALS[reason]), state, ctx.issuer);
    return { kind: "sign_in", reason, continueQuery: continueQuery(new URLSearchParams(search)), loginHint: request.loginHint };
  }
  const signedIn = user!;
  const grant = await ctx.grants.findGrant(signedIn.id, client.id);
  // RFC 8252 §8.6: a public client's identity cannot be assured, so its users always see the screen.
  const remembered = client.clientType === "confidential" && grant !== null && isSubset(request.scopes, grant.scope.split(" "));
  if (remembered && !prompt.has("consent")) return issueCode(detailsOf(request, signedIn), grant.id, ctx);
  if (prompt.has("none")) {
    return errorRedirect(redirectUri, consentRequired("the user has not approved these scopes for this app"), state, ctx.issuer);
  }
  return { kind: "consent", handle: await openConsentScreen(detailsOf(request, signedIn), ctx) };
}

function detailsOf(request: AuthorizationRequest, user: SignedInUser): AuthorizationDetails {
  return {
    applicationId: request.client.id,
    userId: user.id,
    redirectUri: request.redirectUri,
    redirectUriSent: request.redirectUriSent,
    scope: formatScope(request.scopes),
    state: request.state,
    codeChallenge: request.codeChallenge,
    nonce: request.nonce,
    authTime: user.signedInAt,
    resource: request.resources,
  };
}
