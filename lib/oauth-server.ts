import { budgetAddress } from "@/lib/client-ip";
import { config, serverSecret } from "@/lib/config/env";
import { Keyring, wrappingKeysFor, type WrappingKey } from "@/lib/oauth/signing-keys";
import type { OAuthStorage } from "@/lib/oauth/storage";
import { databaseStorage } from "@/lib/db/storage";
import { systemClock } from "@/lib/oauth/clock";
import type { OAuthContext } from "@/lib/oauth/context";
import { CROSS_ORIGIN_ENDPOINTS, ENDPOINT_PATHS } from "@/lib/oauth/endpoints";
import { errorAnswer, protocolRoute, type ProtocolAnswer, type ProtocolHandler, type ProtocolRequest } from "@/lib/oauth/http";
import { RequestLimits } from "@/lib/oauth/rate-limits";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect";
import { handleJwksRequest, handleMetadataRequest } from "@/lib/oauth/metadata";
import { handleRevocationRequest } from "@/lib/oauth/revoke";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import { handleUserinfoRequest } from "@/lib/oauth/userinfo";
import { rateLimiter } from "@/lib/rate-limit/server";
import { currentScopeCatalogue } from "@/lib/scope-catalogue";

/**
 * The protocol core as this server runs it: the storage contracts on the configured database
 * (the protocol endpoints' hot path as prepared SQL, grants and consent on Prisma), the system
 * clock, the configured issuer and lifetimes, the scope catalogue of this second, and the rate
 * limits of the caller's address (IPv6 by its /64: budgetAddress; "unknown", one shared budget,
 * when nobody says). Routes, pages and server actions get their OAuthContext here; tests build
 * their own (lib/oauth/testing).
 */
export async function oauthContext(clientAddress = "unknown"): Promise<OAuthContext> {
  const { issuer, lifetimes, requireAudience } = config();
  const limits = new RequestLimits(rateLimiter(), budgetAddress(clientAddress));
  const storage = databaseStorage();
  const { clients, apis, grants, codes, tokens, services, keys, users, signingKeys } = storage;
  const keyring = serverKeyring(storage);
  // Listed, not spread: V8 copies a spread object with properties added after it on a slow path
  // (measured: 4 µs of every protocol request).
  return { clients, apis, grants, codes, tokens, services, keys, users, signingKeys, keyring, clock: systemClock, issuer, scopes: await currentScopeCatalogue(), lifetimes, requireAudience, limits, report: {} };
}

const globalForKeyring = globalThis as unknown as { gatehouseKeyring?: { storage: OAuthStorage; keyring: Keyring } };

/**
 * The process's one keyring over the database's signing keys, opening them with the configured
 * key-encryption keys (lib/oauth/signing-keys.ts wrappingKeysFor): its imported keys are kept
 * for the process's life.
 */
export function serverKeyring(storage: OAuthStorage = databaseStorage()): Keyring {
  const kept = globalForKeyring.gatehouseKeyring;
  if (kept?.storage === storage) return kept.keyring;
  const { keySecrets, lifetimes } = config();
  let wrappingKeys: WrappingKey[] | undefined;
  const keyring = new Keyring(storage.signingKeys, () => (wrappingKeys ??= wrappingKeysFor(keySecrets, serverSecret())), lifetimes.idTokenSeconds);
  globalForKeyring.gatehouseKeyring = { storage, keyring };
  return keyring;
}

/** A protocol handler with this request's context; its answer, error or not, carries the RateLimit fields and the request's report. */
function served(handler: (request: ProtocolRequest, ctx: OAuthContext) => Promise<ProtocolAnswer>): ProtocolHandler {
  return async (request) => {
    const ctx = await oauthContext(request.clientAddress);
    let answer: ProtocolAnswer;
    try {
      answer = await handler(request, ctx);
    } catch (error) {
      answer = errorAnswer(error);
    }
    const { headers } = answer;
    for (const [name, value] of Object.entries(ctx.limits.headers()) as [Lowercase<string>, string][]) if (!Object.hasOwn(headers, name)) headers[name] = value;
    answer.report = answer.report ? Object.assign(ctx.report, answer.report) : ctx.report;
    return answer;
  };
}

const userinfo = served(handleUserinfoRequest);

/**
 * The protocol endpoints that need nothing of Next (no cookies, no pages), as plain-data
 * handlers (lib/oauth/http.ts): the route files serve them through lib/route-file.ts for
 * `next dev`, and in production the HTTP front serves them directly.
 * CROSS_ORIGIN_ENDPOINTS says which answer other origins.
 */
export const PROTOCOL_ROUTES = {
  [ENDPOINT_PATHS.token]: protocolRoute({ POST: served(handleTokenRequest) }, { cors: CROSS_ORIGIN_ENDPOINTS.has("token") }),
  [ENDPOINT_PATHS.revocation]: protocolRoute({ POST: served(handleRevocationRequest) }, { cors: CROSS_ORIGIN_ENDPOINTS.has("revocation") }),
  [ENDPOINT_PATHS.introspection]: protocolRoute({ POST: served(handleIntrospectionRequest) }, { cors: CROSS_ORIGIN_ENDPOINTS.has("introspection") }),
  [ENDPOINT_PATHS.userinfo]: protocolRoute({ GET: userinfo, POST: userinfo }, { cors: CROSS_ORIGIN_ENDPOINTS.has("userinfo") }),
  [ENDPOINT_PATHS.metadata]: protocolRoute({ GET: async () => handleMetadataRequest(await oauthContext()) }, { cors: CROSS_ORIGIN_ENDPOINTS.has("metadata") }),
  [ENDPOINT_PATHS.openidConfiguration]: protocolRoute({ GET: async () => handleMetadataRequest(await oauthContext()) }, { cors: CROSS_ORIGIN_ENDPOINTS.has("openidConfiguration") }),
  [ENDPOINT_PATHS.jwks]: protocolRoute({ GET: served(handleJwksRequest) }, { cors: CROSS_ORIGIN_ENDPOINTS.has("jwks") }),
} as const;
