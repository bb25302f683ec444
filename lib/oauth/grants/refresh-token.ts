import type { OAuthContext } from "@/lib/oauth/context";
import { invalidGrant, invalidScope } from "@/lib/oauth/errors";
import type { Params } from "@/lib/oauth/params";
import { formatScope, isSubset, parseScope } from "@/lib/oauth/scopes";
import { digest } from "@/lib/oauth/secrets";
import type { Client } from "@/lib/oauth/store";
import { agoText, mintTokens, type TokenResponse } from "@/lib/oauth/tokens";

export const grantType = "refresh_token";

/**
 * Rotates a refresh token: the old one and its access tokens stop working, a new pair is issued.
 * A rotated token presented again is a replay and revokes the whole family.
 * @see RFC 6749 §6, RFC 9700 §4.14.2
 */
export async function rotateRefreshToken(client: Client, params: Params, ctx: OAuthContext): Promise<TokenResponse> {
  const value = params.require("refresh_token");
  const now = ctx.clock.now();
  const token = await ctx.store.findRefreshToken(digest(value));
  if (!token || token.applicationId !== client.id) throw invalidGrant("refresh_token is unknown or was issued to another client");
  if (token.familyRevokedAt || token.revokedAt) throw invalidGrant("refresh_token was revoked; send the user through authorization again");
  if (token.usedAt) {
    await ctx.store.revokeFamily(token.familyId, now);
    throw invalidGrant("refresh_token was already used; as a precaution every token of this grant is now revoked");
  }
  if (token.expiresAt <= now) throw invalidGrant(`refresh_token expired ${agoText(token.expiresAt, now)}; send the user through authorization again`);
  if (token.familyExpiresAt <= now) throw invalidGrant("this grant reached its maximum lifetime; send the user through authorization again");

  // RFC 6749 §6: the scope may be narrowed, never widened; omitted means the grant's scope.
  const granted = token.familyScope.split(" ");
  let accessScope = token.familyScope;
  const requested = params.get("scope");
  if (requested !== undefined) {
    const scopes = parseScope(requested, ctx.scopes);
    if (!scopes || !isSubset(scopes, granted)) throw invalidScope("scope may only narrow the scope of the grant, never widen it");
    accessScope = formatScope(scopes);
  }

  const tokens = mintTokens(ctx, accessScope, token.familyExpiresAt);
  if (!(await ctx.store.rotateRefreshToken(token, now, tokens.stored))) {
    // Lost a race or replayed between our read and the write: treat as reuse.
    await ctx.store.revokeFamily(token.familyId, now);
    throw invalidGrant("refresh_token was already used; as a precaution every token of this grant is now revoked");
  }
  return tokens.response;
}
