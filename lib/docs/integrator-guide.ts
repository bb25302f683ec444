import { MAX_POST_LOGOUT_REDIRECT_URIS } from "@/lib/apps/openid-settings";
import { listScopes, type ListedScope } from "@/lib/apps/scope-listing";
import { config } from "@/lib/config/env";
import { REFRESH_GUIDANCE } from "@/lib/docs/refresh-guidance";
import { responseExamples } from "@/lib/docs/responses";
import { integratorExamples, libraryExamples, signInExamples, type Example, type LibraryExample, type SignInExample } from "@/lib/docs/samples";
import type { Lifetimes } from "@/lib/oauth/context";
import { CLIENT_AUTH_METHODS, SECRET_AUTH_METHODS } from "@/lib/oauth/client-auth";
import { CROSS_ORIGIN_ENDPOINTS, endpointsFor, type Endpoints } from "@/lib/oauth/endpoints";
import { ERROR_CATALOGUE, type OAuthErrorCode } from "@/lib/oauth/errors";
import * as authorizationCode from "@/lib/oauth/grants/authorization-code";
import * as refreshToken from "@/lib/oauth/grants/refresh-token";
import { MAX_BODY_BYTES } from "@/lib/oauth/http";
import { MAX_NONCE_LENGTH, type IdTokenClaimName } from "@/lib/oauth/id-token";
import { PKCE_METHOD } from "@/lib/oauth/pkce";
import type { Scope } from "@/lib/oauth/scopes";
import { ID_TOKEN_ALGS } from "@/lib/oauth/storage";
import { currentScopeCatalogue } from "@/lib/scope-catalogue";

/**
 * What the integrator guide (/docs) says, as plain data for its sections: every fact read from
 * the table that decides it (the endpoints and which of them answer other origins, the body
 * limit, the grant types, the PKCE method, the lifetimes, the error catalogue, the scopes), so
 * the page cannot drift from the server.
 */
export type IntegratorGuide = {
  issuer: string;
  endpoints: Endpoints;
  pkceMethod: string;
  grantTypes: { authorizationCode: string; refreshToken: string };
  examples: ReturnType<typeof integratorExamples>;
  libraries: LibraryExample;
  responses: ReturnType<typeof responseExamples>;
  refreshGuidance: string[];
  endpointRows: EndpointRow[];
  /** The endpoints a browser app may call from its own origin, in words: "Token, revocation and userinfo". */
  crossOrigin: string;
  maxBodyKiB: number;
  scopes: ListedScope[];
  lifetimes: { term: string; value: string }[];
  errors: ErrorRow[];
  signIn: SignInGuide;
};
/** "Sign in with Gatehouse": OpenID Connect on the same flow. */
export type SignInGuide = {
  samples: Omit<SignInExample, "spring">;
  spring: string;
  claims: readonly IdTokenClaim[];
  algorithms: readonly string[];
  lifetime: string;
  maxNonceLength: number;
  maxPostLogoutUris: number;
  parameters: readonly { parameter: string; effect: string }[];
};
export type IdTokenClaim = { claim: IdTokenClaimName; sent: string; meaning: string };
export type EndpointRow = { key: keyof Endpoints; name: string; methods: string; url: string; authentication: string };
/** An error code as the table shows it: "redirect" for the codes only the authorization endpoint sends (RFC 6749 §4.1.2.1). */
export type ErrorRow = { code: OAuthErrorCode; status: number | "redirect"; meaning: string; where: readonly string[]; fix: string };
export type { Example };

/** The endpoints the guide's table lists, in its order, with how a client calls each. */
const ENDPOINT_TABLE = [
  { key: "authorization", name: "Authorization", methods: "GET", authentication: "the user's browser" },
  { key: "token", name: "Token", methods: "POST", authentication: `${CLIENT_AUTH_METHODS.join(", ")} (none: a public app sends only client_id, and PKCE)` },
  { key: "revocation", name: "Revocation", methods: "POST", authentication: "as for the token endpoint" },
  { key: "introspection", name: "Introspection", methods: "POST", authentication: `${SECRET_AUTH_METHODS.join(", ")} (confidential apps only)` },
  { key: "userinfo", name: "Userinfo", methods: "GET, POST", authentication: "Bearer access token" },
  { key: "jwks", name: "JWKS", methods: "GET", authentication: "none" },
  { key: "endSession", name: "End session", methods: "GET, POST", authentication: "the user's browser" },
  { key: "metadata", name: "Metadata", methods: "GET", authentication: "none" },
  { key: "openidConfiguration", name: "OpenID configuration", methods: "GET", authentication: "none" },
] as const satisfies readonly { key: keyof Endpoints; name: string; methods: string; authentication: string }[];

/**
 * What each claim of an ID token means, and when Gatehouse puts it in (OpenID Connect Core §2,
 * §5.1): every claim an ID token can carry, in the order the table shows them.
 */
export const ID_TOKEN_CLAIMS: readonly IdTokenClaim[] = [
  { claim: "iss", sent: "always", meaning: "Who issued it: this server's issuer, exactly as in the discovery document." },
  { claim: "sub", sent: "always", meaning: "The user's stable, opaque ID, the same userinfo gives. Key your accounts on it (with iss), never on the email." },
  { claim: "aud", sent: "always", meaning: "Your client ID, alone (a string; no azp). A token whose aud is another app's is not for you." },
  { claim: "exp", sent: "always", meaning: "When the token expires (seconds since 1970). It bounds the token, not your session or Gatehouse's." },
  { claim: "iat", sent: "always", meaning: "When it was issued." },
  { claim: "auth_time", sent: "always", meaning: "When the user last entered their password at Gatehouse. Compare it with your max_age." },
  { claim: "nonce", sent: "when the authorization request sent one", meaning: "Your nonce, exactly as sent: check it against the one in the user's session." },
  { claim: "at_hash", sent: "always", meaning: "A hash of the access token issued with it (the left half of its SHA-256, base64url): ties the two together." },
  { claim: "name", sent: "with profile", meaning: "The user's name as they wrote it." },
  { claim: "preferred_username", sent: "with profile", meaning: "Their Gatehouse username." },
  { claim: "email", sent: "with email", meaning: "Their email address." },
  { claim: "email_verified", sent: "with email", meaning: "Whether Gatehouse has proved the address is theirs: false for now, so do not treat the email as proof of identity." },
];

/** The authorization request's parameters for a fresh or silent sign-in (OpenID Connect Core §3.1.2.1). */
const SIGN_IN_PARAMETERS = [
  { parameter: "prompt=login", effect: "Asks for the password again, even when the user is signed in at Gatehouse: before a sensitive action. auth_time is then the new sign-in." },
  { parameter: "max_age=N", effect: "Asks for the password again when the user's last sign-in is more than N seconds old; check auth_time against it." },
  { parameter: "prompt=none", effect: "Shows nothing: answers at once with a code, or with login_required (nobody is signed in, or not the user of id_token_hint, or the sign-in is older than max_age) or consent_required (the scopes need approving). For a silent check." },
  { parameter: "prompt=consent", effect: "Shows the consent screen even when the user approved these scopes before." },
  { parameter: "prompt=select_account", effect: "Lets the user continue as the signed-in account or sign in as another." },
  { parameter: "login_hint=EMAIL", effect: "Fills in the sign-in form's email." },
  { parameter: "id_token_hint=ID_TOKEN", effect: "An ID token Gatehouse gave your app (expired or not): the user you expect. When someone else is signed in, they are asked to sign in as that user; with prompt=none, login_required." },
] as const;

/** The guide for this server: its issuer, lifetimes and scope catalogue of this second. */
export async function integratorGuide(): Promise<IntegratorGuide> {
  const { issuer, lifetimes } = config();
  return describeIntegratorGuide(issuer, lifetimes, await currentScopeCatalogue());
}

export function describeIntegratorGuide(issuer: string, lifetimes: Lifetimes, scopes: readonly Scope[]): IntegratorGuide {
  const endpoints = endpointsFor(issuer);
  const crossOrigin = ENDPOINT_TABLE.filter(({ key }) => CROSS_ORIGIN_ENDPOINTS.has(key)).map(({ name }, i) => (i === 0 || name === "JWKS" || name.startsWith("OpenID") ? name : name.toLowerCase()));
  return {
    issuer,
    endpoints,
    pkceMethod: PKCE_METHOD,
    grantTypes: { authorizationCode: authorizationCode.grantType, refreshToken: refreshToken.grantType },
    examples: integratorExamples(issuer),
    libraries: libraryExamples(issuer),
    responses: responseExamples(issuer),
    refreshGuidance: Object.values(REFRESH_GUIDANCE),
    endpointRows: ENDPOINT_TABLE.map(({ key, name, methods, authentication }) => ({ key, name, methods, url: endpoints[key], authentication })),
    crossOrigin: inWords(crossOrigin),
    maxBodyKiB: MAX_BODY_BYTES / 1024,
    scopes: listScopes(scopes),
    lifetimes: [
      { term: "Authorization code", value: `${duration(lifetimes.codeSeconds)}; ${duration(lifetimes.personalDataCodeSeconds)} when a personal-data scope is requested. Single use.` },
      { term: "Access token", value: `${duration(lifetimes.accessTokenSeconds)} (expires_in: ${lifetimes.accessTokenSeconds}), or until the next refresh of its grant` },
      { term: "Refresh token", value: `${duration(lifetimes.refreshTokenSeconds)}, renewed by every refresh` },
      { term: "Grant maximum", value: `${duration(lifetimes.refreshAbsoluteSeconds)} from the code exchange; then the user approves again` },
    ],
    signIn: signInGuide(issuer, lifetimes),
    errors: (Object.keys(ERROR_CATALOGUE) as OAuthErrorCode[]).map((code) => {
      const { status, meaning, where, fix } = ERROR_CATALOGUE[code];
      const onlyAuthorize = where.length === 1 && where[0] === "authorize";
      return { code, status: onlyAuthorize ? "redirect" : status, meaning, where, fix };
    }),
  };
}

function signInGuide(issuer: string, lifetimes: Lifetimes): SignInGuide {
  const { spring, ...samples } = signInExamples(issuer);
  return {
    samples,
    spring,
    claims: ID_TOKEN_CLAIMS,
    algorithms: ID_TOKEN_ALGS,
    lifetime: `${duration(lifetimes.idTokenSeconds)} (exp is iat + ${lifetimes.idTokenSeconds})`,
    maxNonceLength: MAX_NONCE_LENGTH,
    maxPostLogoutUris: MAX_POST_LOGOUT_REDIRECT_URIS,
    parameters: SIGN_IN_PARAMETERS,
  };
}

/** A lifetime in the largest whole unit: "2 hours", "30 days", "90 seconds". */
export function duration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} days`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

/** "a, b and c" */
function inWords(names: readonly string[]): string {
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
