import { z } from "zod";
import { addSeconds, agoText } from "@/lib/oauth/clock";
import type { OAuthContext } from "@/lib/oauth/context";
import { invalidGrant } from "@/lib/oauth/errors";
import { optionalParam, repeatedParam, requiredParam } from "@/lib/oauth/params";
import { bindToken } from "@/lib/oauth/resource-indicators";
import { formatScope } from "@/lib/oauth/scopes";
import { verifyPkce } from "@/lib/oauth/pkce";
import { digest } from "@/lib/oauth/secrets";
import type { Client } from "@/lib/oauth/storage";
import { mintTokenPair, type TokenResponse } from "@/lib/oauth/token-pair";
import { includesOpenId, mintIdToken } from "@/lib/oauth/id-token";

export const grantType = "authorization_code";

/** The token request parameters of this grant (RFC 6749 §4.1.3, RFC 7636 §4.5). */
export const parameters = z.object({
  code: requiredParam("code", "send the code from the redirect"),
  redirect_uri: optionalParam("redirect_uri"),
  code_verifier: optionalParam("code_verifier"),
  // RFC 8707 §2.2: which of the authorization's APIs this token is for (none: all of them).
  resource: repeatedParam("resource"),
});
export type AuthorizationCodeParams = z.output<typeof parameters>;

/** Exchanges a code for tokens. @see RFC 6749 §4.1.3, RFC 7636 §4.6 */
export async function redeemAuthorizationCode(client: Client, params: AuthorizationCodeParams, ctx: OAuthContext): Promise<TokenResponse> {
  const { code: value, redirect_uri: redirectUri, code_verifier: verifier } = params;
  const now = ctx.clock.now();

  const code = await ctx.codes.findCode(digest(value));
  if (!code || code.applicationId !== client.id) {
    throw invalidGrant("code is unknown or was issued to another client", code ? `the code belongs to application ${code.applicationId}` : undefined);
  }
  if (code.usedAt) {
    // RFC 6749 §4.1.2: a code used twice revokes what it issued.
    await ctx.codes.revokeTokensOfCode(code.id, now);
    ctx.report.tokens = "revoked";
    throw invalidGrant("code was already used; the tokens issued from it are now revoked");
  }
  if (code.expiresAt <= now) throw invalidGrant(`code expired ${agoText(code.expiresAt, now)}; start a new authorization`);

  // RFC 6749 §4.1.3: required when it was sent to authorize; when present, identical to it.
  if (redirectUri === undefined ? code.redirectUriSent : redirectUri !== code.redirectUri) {
    throw invalidGrant(
      redirectUri === undefined
        ? "redirect_uri is missing: send the redirect_uri used at /oauth/authorize"
        : "redirect_uri differs from the one used at /oauth/authorize",
    );
  }
  // RFC 7636 §4.6; RFC 9700 §4.8.2: a verifier for a code issued without a challenge is a downgrade.
  if (code.codeChallenge) {
    if (verifier === undefined) throw invalidGrant("code_verifier is missing: this code was issued with a code_challenge");
    if (!verifyPkce(verifier, code.codeChallenge)) throw invalidGrant("code_verifier does not match the code_challenge of this code");
  } else if (verifier !== undefined) {
    throw invalidGrant("code_verifier was sent but this code was issued without a code_challenge");
  }

  // The family's cap runs from this exchange, not from the grant: a remembered grant may be older.
  const familyExpiresAt = addSeconds(now, ctx.lifetimes.refreshAbsoluteSeconds);
  const granted = code.scope.split(" ");
  const bound = bindToken(granted, granted, params.resource, code.resource, ctx.scopes, ctx.issuer);
  const tokens = mintTokenPair(ctx, formatScope(bound.scope), bound.audience, familyExpiresAt);
  // Signed before anything is stored: a failure leaves the code unused.
  const idToken = includesOpenId(code.scope)
    ? await mintIdToken({ client, userId: code.userId, scope: code.scope, authTime: code.authTime, nonce: code.nonce, accessToken: tokens.response.access_token }, ctx)
    : undefined;
  if (idToken === null) throw invalidGrant("the user's account no longer exists; start a new authorization");
  if (!(await ctx.codes.redeemCode(code, now, familyExpiresAt, tokens.stored))) {
    // Lost a race to a concurrent redemption: a replay all the same (RFC 6749 §4.1.2).
    await ctx.codes.revokeTokensOfCode(code.id, now);
    ctx.report.tokens = "revoked";
    throw invalidGrant("code was already used; the tokens issued from it are now revoked");
  }
  return idToken === undefined ? tokens.response : { ...tokens.response, id_token: idToken };
}
