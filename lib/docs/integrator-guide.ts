import { listScopes, type ListedScope } from "@/lib/apps/scope-listing";
import { config } from "@/lib/config/env";
import { REFRESH_GUIDANCE } from "@/lib/docs/refresh-guidance";
import { responseExamples } from "@/lib/docs/responses";
import { integratorExamples, libraryExamples, type Example, type LibraryExample } from "@/lib/docs/samples";
import type { Lifetimes } from "@/lib/oauth/context";
import { CLIENT_AUTH_METHODS, SECRET_AUTH_METHODS } from "@/lib/oauth/client-auth";
import { CROSS_ORIGIN_ENDPOINTS, endpointsFor, type Endpoints } from "@/lib/oauth/endpoints";
import { ERROR_CATALOGUE, type OAuthErrorCode } from "@/lib/oauth/errors";
import * as authorizationCode from "@/lib/oauth/grants/authorization-code";
import * as refreshToken from "@/lib/oauth/grants/refresh-token";
import { MAX_BODY_BYTES } from "@/lib/oauth/http";
import { PKCE_METHOD } from "@/lib/oauth/pkce";
import type { Scope } from "@/lib/oauth/scopes";
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
};
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
    errors: (Object.keys(ERROR_CATALOGUE) as OAuthErrorCode[]).map((code) => {
      const { status, meaning, where, fix } = ERROR_CATALOGUE[code];
      const onlyAuthorize = where.length === 1 && where[0] === "authorize";
      return { code, status: onlyAuthorize ? "redirect" : status, meaning, where, fix };
    }),
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
