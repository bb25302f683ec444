import { config } from "@/lib/config/env";
import { scopeCatalogue } from "@/lib/config/scopes";
import { databaseStorage } from "@/lib/db/storage";
import { systemClock } from "@/lib/oauth/clock";
import type { OAuthContext } from "@/lib/oauth/context";
import { ENDPOINT_PATHS } from "@/lib/oauth/endpoints";
import { protocolRoute } from "@/lib/oauth/http";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect";
import { handleMetadataRequest } from "@/lib/oauth/metadata";
import { handleRevocationRequest } from "@/lib/oauth/revoke";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import { handleUserinfoRequest } from "@/lib/oauth/userinfo";

/**
 * The protocol core as this server runs it: the storage contracts on the configured database
 * (the protocol endpoints' hot path as prepared SQL, grants and consent on Prisma), the system
 * clock, the configured issuer, scopes and lifetimes. Routes, pages and server actions get their
 * OAuthContext here; tests build their own (lib/oauth/testing).
 */
export function oauthContext(): OAuthContext {
  const { issuer, lifetimes } = config();
  return { ...databaseStorage(), clock: systemClock, issuer, scopes: scopeCatalogue(), lifetimes };
}

const userinfo = (request: Request) => handleUserinfoRequest(request, oauthContext());

/**
 * The protocol endpoints that need nothing of Next (no cookies, no pages): the route files
 * re-export them for `next dev`, and in production the HTTP front serves them directly.
 * Introspection is server to server only: no CORS.
 */
export const PROTOCOL_ROUTES = {
  [ENDPOINT_PATHS.token]: protocolRoute({ POST: (request) => handleTokenRequest(request, oauthContext()) }, { cors: true }),
  [ENDPOINT_PATHS.revocation]: protocolRoute({ POST: (request) => handleRevocationRequest(request, oauthContext()) }, { cors: true }),
  [ENDPOINT_PATHS.introspection]: protocolRoute({ POST: (request) => handleIntrospectionRequest(request, oauthContext()) }, { cors: false }),
  [ENDPOINT_PATHS.userinfo]: protocolRoute({ GET: userinfo, POST: userinfo }, { cors: true }),
  [ENDPOINT_PATHS.metadata]: protocolRoute({ GET: () => handleMetadataRequest(oauthContext()) }, { cors: true }),
} as const;
