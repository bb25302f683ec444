/** Where each endpoint lives, relative to the issuer: the one list metadata, docs and the dashboard read. */
export const ENDPOINT_PATHS = {
  authorization: "/oauth/authorize",
  token: "/oauth/token",
  revocation: "/oauth/revoke",
  introspection: "/oauth/introspect",
  userinfo: "/oauth/userinfo",
  jwks: "/oauth/jwks",
  endSession: "/oauth/end-session",
  metadata: "/.well-known/oauth-authorization-server",
  openidConfiguration: "/.well-known/openid-configuration",
  documentation: "/docs",
} as const;

export type Endpoints = Record<keyof typeof ENDPOINT_PATHS, string>;

/**
 * The endpoints a browser app may call from its own origin (CORS, without credentials): the
 * route table answers their preflights, the docs list them. Introspection is for resource
 * servers only (RFC 7662 §4), so it answers no other origin.
 */
export const CROSS_ORIGIN_ENDPOINTS: ReadonlySet<keyof typeof ENDPOINT_PATHS> = new Set(["token", "revocation", "userinfo", "metadata", "openidConfiguration", "jwks"]);

/** Absolute endpoint URLs for an issuer (which has no trailing slash). */
export function endpointsFor(issuer: string): Endpoints {
  return Object.fromEntries(Object.entries(ENDPOINT_PATHS).map(([k, path]) => [k, issuer + path])) as Endpoints;
}

/** What a 404 under /oauth/ or /.well-known/ says: where the metadata is. */
export function unknownEndpointDescription(path: string): string {
  const shown = path.length > 80 ? `${path.slice(0, 80)}...` : path;
  return `there is no endpoint at ${shown}; every endpoint is listed in the metadata at ${ENDPOINT_PATHS.openidConfiguration} and ${ENDPOINT_PATHS.metadata}`;
}
