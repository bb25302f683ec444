import { config } from "@/lib/config/env";
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
import { currentScopeCatalogue } from "@/lib/scope-catalogue";

/**
 * The protocol core as this server runs it: the storage contracts on the configured database
 * (the protocol endpoints' hot path as prepared SQL, grants and consent on Prisma), the system
 * clock, the configured issuer and lifetimes, and the scope catalogue of this second. Routes, pages and server actions get their
 * OAuthContext here; tests build their own (lib/oauth/testing).
 */
export async function oauthContext(): Promise<OAuthContext> {
  const { issuer, lifetimes } = config();
  return { ...databaseStorage(), clock: systemClock, issuer, scopes: await currentScopeCatalogue(), lifetimes };
}

const userinfo = async (request: Request) => handleUserinfoRequest(request, await oauthContext());

/**
 * The protocol endpoints that need nothing of Next (no cookies, no pages): the route files
 * re-export them for `next dev`, and in production the HTTP front serves them directly.
 * Introspection is server to server only: no CORS.
 */
export const PROTOCOL_ROUTES = {
  [ENDPOINT_PATHS.token]: protocolRoute({ POST: async (request) => handleTokenRequest(request, await oauthContext()) }, { cors: true }),
  [ENDPOINT_PATHS.revocation]: protocolRoute({ POST: async (request) => handleRevocationRequest(request, await oauthContext()) }, { cors: true }),
  [ENDPOINT_PATHS.introspection]: protocolRoute({ POST: async (request) => handleIntrospectionRequest(request, await oauthContext()) }, { cors: false }),
  [ENDPOINT_PATHS.userinfo]: protocolRoute({ GET: userinfo, POST: userinfo }, { cors: true }),
  [ENDPOINT_PATHS.metadata]: protocolRoute({ GET: async () => handleMetadataRequest(await oauthContext()) }, { cors: true }),
} as const;
