/**
 * The one error type of the protocol core, and the catalogue of every error code Gatehouse
 * returns: the docs render the catalogue, and a test checks that every code the server can
 * return is in it.
 */
export const ERROR_CATALOGUE = {
  invalid_request: {
    status: 400,
    where: ["authorize", "token", "revoke", "introspect", "userinfo"],
    meaning: "The request is malformed: a required parameter is missing, a parameter is repeated or has a bad value, or the content type or method is wrong.",
    fix: "Read error_description: it names the parameter and what it must be. Send each parameter once, as application/x-www-form-urlencoded on POST endpoints.",
  },
  invalid_client: {
    status: 401,
    where: ["token", "revoke", "introspect"],
    meaning: "Client authentication failed: unknown client_id, wrong or revoked secret, or a secret sent for a public app (or none for a confidential one).",
    fix: "Check the client ID and secret on the app's dashboard page. Confidential apps send the secret (HTTP Basic or client_secret); public apps send only client_id.",
  },
  invalid_grant: {
    status: 400,
    where: ["token"],
    meaning: "The code or refresh token is unknown, expired, already used, revoked, issued to another client, or the redirect_uri or code_verifier does not match.",
    fix: "Start a new authorization. Redeem each code once, within its lifetime, with the same redirect_uri and the code_verifier of its challenge; keep only the newest refresh token.",
  },
  invalid_target: {
    status: 400,
    where: ["authorize", "token"],
    meaning:
      "A resource value (RFC 8707) is not an absolute URI, has a fragment, is not a registered API's identifier, or, at the token endpoint, names an API the authorization was not for.",
    fix: "Send resource=<the API's identifier> exactly as the API's page shows it (a trailing slash or letter case does not matter); at the token endpoint, name only resources sent to /oauth/authorize, or none for all of them.",
  },
  unauthorized_client: {
    status: 400,
    where: ["authorize", "token"],
    meaning: "The app is not allowed to use this grant type (RFC 6749 section 5.2): its allowed grant types are set on its dashboard page.",
    fix: "Tick the grant type under Grant types on the app's dashboard page (client_credentials is for confidential apps only), or use a grant the app is allowed.",
  },
  unsupported_grant_type: {
    status: 400,
    where: ["token"],
    meaning: "grant_type is not one Gatehouse supports.",
    fix: "Use grant_type=authorization_code, grant_type=refresh_token or grant_type=client_credentials.",
  },
  unsupported_response_type: {
    status: 400,
    where: ["authorize"],
    meaning: "response_type is not code.",
    fix: "Send response_type=code: Gatehouse supports only the authorization code flow.",
  },
  invalid_scope: {
    status: 400,
    where: ["authorize", "token"],
    meaning: "A requested scope is unknown, or a refresh asked for more than the grant holds.",
    fix: "Request only scopes listed in scopes_supported of the metadata; a refresh may only narrow the scope.",
  },
  access_denied: {
    status: 400,
    where: ["authorize"],
    meaning: "The user denied the request on the consent screen.",
    fix: "Nothing is wrong with your request: tell the user the app needs their approval to continue.",
  },
  login_required: {
    status: 400,
    where: ["authorize"],
    meaning:
      "prompt=none was sent but the user must sign in first: nobody is signed in to Gatehouse, the sign-in is older than max_age, or the signed-in user is not the one id_token_hint names.",
    fix: "Retry without prompt=none so the user can sign in.",
  },
  request_not_supported: {
    status: 400,
    where: ["authorize"],
    meaning: "The request parameter (a request object, OpenID Connect Core §6.1) was sent; Gatehouse does not accept request objects.",
    fix: "Send the authorization parameters themselves in the query string.",
  },
  request_uri_not_supported: {
    status: 400,
    where: ["authorize"],
    meaning: "The request_uri parameter (OpenID Connect Core §6.2) was sent; Gatehouse does not fetch request objects.",
    fix: "Put the parameters the request object would carry in the query string instead of a request_uri.",
  },
  registration_not_supported: {
    status: 400,
    where: ["authorize"],
    meaning: "The registration parameter (OpenID Connect Core §7.2.1) was sent; apps are registered on the Gatehouse dashboard.",
    fix: "Register the app on the dashboard and drop the registration parameter.",
  },
  consent_required: {
    status: 400,
    where: ["authorize"],
    meaning: "prompt=none was sent but the user has not approved these scopes for this app (public apps always need the consent screen).",
    fix: "Retry without prompt=none so the user sees the consent screen.",
  },
  invalid_token: {
    status: 401,
    where: ["userinfo"],
    meaning: "The access token is unknown, expired or revoked.",
    fix: "Refresh the access token, or send the user through authorization again.",
  },
  server_error: {
    status: 500,
    where: ["authorize", "token", "revoke", "introspect", "userinfo"],
    meaning: "Gatehouse failed unexpectedly. Nothing was issued or changed by the failed request.",
    fix: "Retry with backoff; if it persists, contact the operator.",
  },
  not_found: {
    status: 404,
    where: [],
    meaning: "There is no endpoint at this path under /oauth/ or /.well-known/: the URL is mistyped or from another provider.",
    fix: "Take each endpoint's URL from the metadata at /.well-known/openid-configuration (OpenID Connect Discovery) or /.well-known/oauth-authorization-server (RFC 8414): both list the same endpoints.",
  },
  too_many_requests: {
    status: 429,
    where: ["token", "revoke", "introspect", "userinfo"],
    meaning: "Too many requests from this address or client, or too many failed authentications: a rate limit was reached.",
    fix: "Wait the number of seconds in Retry-After, then retry. The RateLimit and RateLimit-Policy fields of every answer say how much budget is left.",
  },
} as const satisfies Record<string, { status: number; where: readonly string[]; meaning: string; fix: string }>;

export type OAuthErrorCode = keyof typeof ERROR_CATALOGUE;

export type OAuthErrorOptions = {
  status?: number;
  /** Fields of the answer, by lowercase name (lib/oauth/http.ts: AnswerFields). */
  headers?: Readonly<Record<Lowercase<string>, string>>;
  /** For the server's log only, never the response: what the client must not learn (ids, other clients' data). */
  detail?: string;
};

/**
 * The one error type of the protocol core: an RFC error code, a public description that says
 * what to fix, and a private detail for the log. lib/oauth/http.ts alone turns it into a response.
 */
export class OAuthError extends Error {
  override name = "OAuthError";
  readonly status: number;
  readonly headers: Readonly<Record<Lowercase<string>, string>>;
  readonly detail: string | undefined;

  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    options: OAuthErrorOptions = {},
  ) {
    super(`${error}: ${description}`);
    this.status = options.status ?? ERROR_CATALOGUE[error].status;
    this.headers = options.headers ?? {};
    this.detail = options.detail;
  }
}

/** RFC 6749 §5.2: error_description is printable ASCII without " and \. */
export function safeDescription(text: string): string {
  return text.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, "").slice(0, 300);
}

export const invalidRequest = (description: string, status?: number) => new OAuthError("invalid_request", description, { status });
export const invalidGrant = (description: string, detail?: string) => new OAuthError("invalid_grant", description, { detail });
export const invalidScope = (description: string) => new OAuthError("invalid_scope", description);
/** invalid_scope for restricted scopes the app is not approved for, naming them. */
export const scopesNeedApproval = (scopes: readonly string[]) =>
  invalidScope(
    `${scopes.join(", ")} ${scopes.length === 1 ? "is a restricted scope that needs" : "are restricted scopes that need"} an operator's approval for this app: its developer requests it on the app's dashboard page`,
  );
/** RFC 8707 §2: a resource the server will not issue a token for. */
export const invalidTarget = (description: string) => new OAuthError("invalid_target", description);
export const unauthorizedClient = (description: string) => new OAuthError("unauthorized_client", description);
export const unsupportedGrantType = (description: string) => new OAuthError("unsupported_grant_type", description);
export const unsupportedResponseType = (description: string) => new OAuthError("unsupported_response_type", description);
export const accessDenied = (description: string) => new OAuthError("access_denied", description);
export const loginRequired = (description: string) => new OAuthError("login_required", description);
export const consentRequired = (description: string) => new OAuthError("consent_required", description);
export const requestNotSupported = (description: string) => new OAuthError("request_not_supported", description);
export const requestUriNotSupported = (description: string) => new OAuthError("request_uri_not_supported", description);
export const registrationNotSupported = (description: string) => new OAuthError("registration_not_supported", description);

/** 401 invalid_client; with a Basic challenge when the client tried Basic (RFC 6749 §5.2). */
export function invalidClient(description: string, triedBasic: boolean, detail?: string): OAuthError {
  return new OAuthError("invalid_client", description, {
    headers: triedBasic ? { "www-authenticate": 'Basic realm="gatehouse", charset="UTF-8"' } : {},
    detail,
  });
}
