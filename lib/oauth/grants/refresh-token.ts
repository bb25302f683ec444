import { z } from "zod";
import { agoText } from "@/lib/oauth/clock";
import type { OAuthContext } from "@/lib/oauth/context";
import { invalidGrant, invalidScope } from "@/lib/oauth/errors";
import { optionalParam, repeatedParam, requiredParam } from "@/lib/oauth/params";
import { bindToken } from "@/lib/oauth/resource-indicators";
import { BASE_SCOPE, describeScopeRefusal, formatScope, heldScopes, isSubset, parseScope } from "@/lib/oauth/scopes";
import { digest } from "@/lib/oauth/secrets";
import type { Client } from "@/lib/oauth/storage";
import { mintTokenPair, type TokenResponse } from "@/lib/oauth/token-pair";
import { includesOpenId, mintIdToken } from "@/lib/oauth/id-token";

export const grantType = "refresh_token";

/** The token request parameters of this grant (RFC 6749 §6). */
export const parameters = z.object({
  refresh_token: requiredParam("refresh_token", "send the newest refresh token of this grant"),
  scope: optionalParam("scope"),
  // RFC 8707 §2.2: any resource of the grant (none: all of them).
  resource: repeatedParam("resource"),
});
export type RefreshTokenParams = z.output<typeof parameters>;

/**
 * Rotates a refresh token: the old one and its access tokens stop working, a new pair is issued.
 * A rotated token presented again is a replay and revokes the whole family.
 * @see RFC 6749 §6, RFC 9700 §4.14.2
 */
export async function rotateRefreshToken(client: Client, params: RefreshTokenParams, ctx: OAuthContext): Promise<TokenResponse> {
  const now = ctx.clock.now();
  const tokenDigest = digest(params.refresh_token);
  const token = await ctx.tokens.findRefreshToken(tokenDigest);
  if (!token) {
    // Its grant is gone: if the user revoked the app, say so (to that app only) until the token would have expired.
    const ended = await ctx.tokens.findEndedRefreshToken(tokenDigest);
    if (ended && ended.applicationId === client.id && ended.expiresAt > now) {
      throw invalidGrant(`the user revoked this app's access ${agoText(ended.endedAt, now)}; send the user through authorization again`);
    }
  }
  if (!token || token.applicationId !== client.id) {
    throw invalidGrant("refresh_token is unknown or was issued to another client", token ? `the token belongs to application ${token.applicationId}` : undefined);
  }
  if (token.familyRevokedAt || token.revokedAt) throw invalidGrant("refresh_token was revoked; send the user through authorization again");
  if (token.usedAt) {
    await ctx.tokens.revokeFamily(token.familyId, now);
    ctx.report.tokens = "revoked";
    throw invalidGrant("refresh_token was already used; as a precaution every token of this grant is now revoked");
  }
  // The cap first: a token issued near it expires with it, and the cap is the reason.
  if (token.familyExpiresAt <= now) throw invalidGrant("this grant reached its maximum lifetime; send the user through authorization again");
  if (token.expiresAt <= now) throw invalidGrant(`refresh_token expired ${agoText(token.expiresAt, now)}; send the user through authorization again`);

  // RFC 6749 §6: the scope may be narrowed, never widened; omitted means the grant's scope, as
  // far as the family still holds it (heldScopes: an operator may have taken a scope away).
  const held = heldScopes(token.familyScope, ctx.scopes, token.grantScope);
  let scopes = held;
  if (params.scope !== undefined) {
    // user.read is added only to a grant that holds it (one for APIs alone may not).
    const narrowed = parseScope(params.scope, ctx.scopes, { base: held.includes(BASE_SCOPE) });
    if (!narrowed) throw invalidScope(describeScopeRefusal(params.scope, ctx.scopes));
    if (!isSubset(narrowed, held)) throw invalidScope("scope may only narrow the scope of the grant, never widen it");
    scopes = narrowed;
  }
  const bound = bindToken(scopes, held, params.resource, token.familyResource, ctx.scopes, ctx.issuer);
  const accessScope = formatScope(bound.scope);

  const tokens = mintTokenPair(ctx, accessScope, bound.audience, token.familyExpiresAt);
  // OpenID Connect Core §12.2: a new ID token with the original auth_time and no nonce, when the
  // refreshed scope holds openid (a client narrowing it away asked for none).
  const idToken = includesOpenId(accessScope)
    ? await mintIdToken({ client, userId: token.userId, scope: accessScope, authTime: token.authTime, nonce: null, accessToken: tokens.response.access_token }, ctx)
    : undefined;
  if (idToken === null) throw invalidGrant("the user's account no longer exists; send the user through authorization again");
  if (!(await ctx.tokens.rotateRefreshToken(token, now, tokens.stored))) {
    // Lost a race or replayed between our read and the write: treat as reuse.
    await ctx.tokens.revokeFamily(token.familyId, now);
    ctx.report.tokens = "revoked";
    throw invalidGrant("refresh_token was already used; as a precaution every token of this grant is now revoked");
  }
  return idToken === undefined ? tokens.response : { ...tokens.response, id_token: idToken };
}
