import type { OAuthContext } from "@/lib/oauth/context";
import { digest, looksLikeSecret } from "@/lib/oauth/secrets";
import type { AccessRecord, RefreshRecord } from "@/lib/oauth/storage";

export type FoundToken = { kind: "access"; record: AccessRecord } | { kind: "refresh"; record: RefreshRecord };

/**
 * Finds a token by its value. The prefix says its type, so token_type_hint is never needed and
 * a wrong hint cannot hide a token (RFC 7009 §2.1, RFC 7662 §2.1 allow ignoring the hint).
 */
export async function findToken(value: string, ctx: Pick<OAuthContext, "tokens">): Promise<FoundToken | null> {
  if (looksLikeSecret("accessToken", value)) {
    const record = await ctx.tokens.findAccessToken(digest(value));
    return record && { kind: "access", record };
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

export function isRefreshTokenLive(token: RefreshRecord, now: Date): boolean {
  return !token.revokedAt && !token.familyRevokedAt && !token.usedAt && token.expiresAt > now && token.familyExpiresAt > now;
}
