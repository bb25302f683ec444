/** Where each endpoint lives, relative to the issuer: the one list metadata, docs and the dashboard read. */
export const ENDPOINT_PATHS = {
  authorization: "/oauth/authorize",
  token: "/oauth/token",
  revocation: "/oauth/revoke",
  introspection: "/oauth/introspect",
  userinfo: "/oauth/userinfo",
  metadata: "/.well-known/oauth-authorization-server",
  documentation: "/docs",
} as const;

export type Endpoints = Record<keyof typeof ENDPOINT_PATHS, string>;

/** Absolute endpoint URLs for an issuer (which has no trailing slash). */
export function endpointsFor(issuer: string): Endpoints {
  return Object.fromEntries(Object.entries(ENDPOINT_PATHS).map(([k, path]) => [k, issuer + path])) as Endpoints;
}
