import { config } from "@/lib/config/env";
import { databaseStorage } from "@/lib/db/storage";
import { systemClock } from "@/lib/oauth/clock";
import type { OAuthContext } from "@/lib/oauth/context";
import { CROSS_ORIGIN_ENDPOINTS, ENDPOINT_PATHS } from "@/lib/oauth/endpoints";
import { errorResponse, protocolRoute } from "@/lib/oauth/http";
import { RequestLimits } from "@/lib/oauth/rate-limits";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect";
import { handleMetadataRequest } from "@/lib/oauth/metadata";
import { handleRevocationRequest } from "@/lib/oauth/revoke";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import { handleUserinfoRequest } from "@/lib/oauth/userinfo";
import { clientIpOf, rateLimiter } from "@/lib/rate-limit/server";
import { currentScopeCatalogue } from "@/lib/scope-catalogue";

/**
 * The protocol core as this server runs it: the storage contracts on the configured database
 * (the protocol endpoints' hot path as prepared SQL, grants and consent on Prisma), the system
 * clock, the configured issuer and lifetimes, and the scope catalogue of this second. Routes, pages and server actions get their
 * OAuthContext here; tests build their own (lib/oauth/testing).
 */
export async function oauthContext(request?: Request): Promise<OAuthContext> {
  const { issuer, lifetimes } = config();
  const limits = new RequestLimits(rateLimiter(), request ? clientIpOf(request.headers) : "unknown");
  const { clients, apis, grants, codes, tokens, keys, users } = databaseStorage();
  // Listed, not spread: V8 copies a spread object with properties added after it on a slow path
  // (measured: 4 µs of every protocol request).
  return { clients, apis, grants, codes, tokens, keys, users, clock: systemClock, issuer, scopes: await currentScopeCatalogue(), lifetimes, limits };
}

/** A protocol handler with this request's context; its answer, error or not, carries the RateLimit fields. */
function served(handler: (request: Request, ctx: OAuthContext) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const ctx = await oauthContext(request);
    let response: Response;
    try {
      response = await handler(request, ctx);
    } catch (error) {
      response = errorResponse(error);
    }
    for (const [name, value] of Object.entries(ctx.limits.headers())) if (!response.headers.has(name)) response.headers.set(name, value);
    return response;
  };
}

const userinfo = served(handleUserinfoRequest);

/**
 * The protocol endpoints that need nothing of Next (no cookies, no pages): the route files
 * re-export them for `next dev`, and in production the HTTP front serves them directly.
 * CROSS_ORIGIN_ENDPOINTS says which answer other origins.
 */
export const PROTOCOL_ROUTES = {
  [ENDPOINT_PATHS.token]: protocolRoute({ POST: served(handleTokenRequest) }, { cors: CROSS_ORIGIN_ENDPOINTS.has("token") }),
  [ENDPOINT_PATHS.revocation]: protocolRoute({ POST: served(handleRevocationRequest) }, { cors: CROSS_ORIGIN_ENDPOINTS.has("revocation") }),
  [ENDPOINT_PATHS.introspection]: protocolRoute({ POST: served(handleIntrospectionRequest) }, { cors: CROSS_ORIGIN_ENDPOINTS.has("introspection") }),
  [ENDPOINT_PATHS.userinfo]: protocolRoute({ GET: userinfo, POST: userinfo }, { cors: CROSS_ORIGIN_ENDPOINTS.has("userinfo") }),
  [ENDPOINT_PATHS.metadata]: protocolRoute({ GET: async () => handleMetadataRequest(await oauthContext()) }, { cors: CROSS_ORIGIN_ENDPOINTS.has("metadata") }),
} as const;
