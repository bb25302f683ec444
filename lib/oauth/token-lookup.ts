import type { OAuthContext } from "@/lib/oauth/context";
import { formatScope, heldScopes } from "@/lib/oauth/scopes";
import { digest, looksLikeSecret } from "@/lib/oauth/secrets";
import { serviceScopesOf } from "@/lib/oauth/grants/client-credentials";
import type { AccessRecord, RefreshRecord, ServiceTokenRecord } from "@/lib/oauth/storage";

export type FoundToken = { kind: "access"; record: AccessRecord } | { kind: "refresh"; record: RefreshRecord } | { kind: "service"; record: ServiceTokenRecord };

/**
 * Finds a token by its value. The prefix says its type, so token_type_hint is never needed and
 * a wrong hint cannot hide a token (RFC 7009 §2.1, RFC 7662 §2.1 allow ignoring the hint).
 */
export async function findToken(value: string, ctx: Pick<OAuthContext, "tokens" | "services">): Promise<FoundToken | null> {
  if (looksLikeSecret("accessToken", value)) {
    // An app's token for a user or for itself: both are gat_ (a client need not tell them apart).
    const record = await ctx.tokens.findAccessToken(digest(value));
    if (record) return { kind: "access", record };
    const service = await ctx.services.findServiceToken(digest(value));
    return service && { kind: "service", record: service };
  }
  if (looksLikeSecret("refreshToken", value)) {
    const record = await ctx.tokens.findRefreshToken(digest(value));
    return record && { kind: "refresh", record };
  }
  return null;
}

export function isAccessTokenLive(token: AccessRecord, now: Date): boolean {
  return !token.revokedAt && !token.familyRevokedAt && token.expiresAt > now;
}

export function isServiceTokenLive(token: ServiceTokenRecord, now: Date): boolean {
  return !token.revokedAt && token.expiresAt > now;
}

export function isRefreshTokenLive(token: RefreshRecord, now: Date): boolean {
  return !token.revokedAt && !token.familyRevokedAt && !token.usedAt && token.expiresAt > now && token.familyExpiresAt > now;
}

/**
 * A live bearer credential a resource server may accept: an app's access token, or a user's
 * personal API key (its use is recorded). Null for anything else, or when expired or revoked.
 */
export type Bearer = {
  kind: "app" | "personal_key" | "service";
  /** Null for a service token: an app's token for itself (client_credentials). */
  userId: string | null;
  /** What it still grants (heldScopes). */
  scope: string;
  /** The app's client_id; null for a personal key. */
  clientId: string | null;
  /** Who it is for (RFC 8707): the APIs, and the issuer for user scopes; null: unbound. */
  audience: string[] | null;
  issuedAt: Date;
  expiresAt: Date | null;
};

export async function findLiveBearer(value: string, ctx: Pick<OAuthContext, "tokens" | "services" | "clients" | "keys" | "clock" | "scopes">): Promise<Bearer | null> {
  const now = ctx.clock.now();
  if (looksLikeSecret("accessToken", value)) {
    const found = await findToken(value, ctx);
    if (found?.kind === "access") {
      const token = found.record;
      if (!isAccessTokenLive(token, now)) return null;
      const scope = formatScope(heldScopes(token.scope, ctx.scopes, token.grantScope));
      return { kind: "app", userId: token.userId, scope, clientId: token.clientId, audience: token.audience, issuedAt: token.createdAt, expiresAt: token.expiresAt };
    }
    if (found?.kind !== "service" || !isServiceTokenLive(found.record, now)) return null;
    const token = found.record;
    // What the app's service-access approvals still allow: a revoked approval ends the scope at once.
    const client = await ctx.clients.findClientByApplicationId(token.applicationId);
    if (!client) return null;
    const approved = new Set(serviceScopesOf(client, ctx.scopes));
    const scope = formatScope(token.scope.split(" ").filter((s) => approved.has(s)));
    return { kind: "service", userId: null, scope, clientId: token.clientId, audience: [token.audience], issuedAt: token.createdAt, expiresAt: token.expiresAt };
  }
  if (looksLikeSecret("personalKey", value)) {
    const key = await ctx.keys.findPersonalKey(digest(value));
    if (!key || (key.expiresAt !== null && key.expiresAt <= now)) return null;
    await ctx.keys.markPersonalKeyUsed(key.id, now);
    const scope = formatScope(heldScopes(key.scope, ctx.scopes));
    return { kind: "personal_key", userId: key.userId, scope, clientId: null, audience: key.audience === null ? null : [key.audience], issuedAt: key.createdAt, expiresAt: key.expiresAt };
  }
  return null;
}
