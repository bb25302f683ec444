import { addSeconds } from "@/lib/oauth/clock";
import type { OAuthContext } from "@/lib/oauth/context";
import { digest, generateSecret } from "@/lib/oauth/secrets";
import type { TokenSet } from "@/lib/oauth/storage";

/** RFC 6749 §5.1 success body. */
export type TokenResponse = {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
  scope: string;
  /** OpenID Connect Core §3.1.3.3: when the grant holds openid. */
  id_token?: string;
};

/** RFC 6749 §4.4.3: an app's token for itself comes without a refresh token (and no user, so no ID token). */
export type ServiceTokenResponse = Omit<TokenResponse, "refresh_token" | "id_token">;

/**
 * A fresh access and refresh token pair: the plain values for the response, digests for
 * storage. The refresh token slides, but never past the family's cap.
 */
export function mintTokenPair(ctx: Pick<OAuthContext, "clock" | "lifetimes">, accessScope: string, accessAudience: string[] | null, refreshCap: Date): { response: TokenResponse; stored: TokenSet } {
  const now = ctx.clock.now();
  const accessToken = generateSecret("accessToken");
  const refreshToken = generateSecret("refreshToken");
  const slidingExpiry = addSeconds(now, ctx.lifetimes.refreshTokenSeconds);
  return {
    response: {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: ctx.lifetimes.accessTokenSeconds,
      refresh_token: refreshToken,
      scope: accessScope,
    },
    stored: {
      accessDigest: digest(accessToken),
      accessExpiresAt: addSeconds(now, ctx.lifetimes.accessTokenSeconds),
      accessScope,
      accessAudience,
      refreshDigest: digest(refreshToken),
      refreshExpiresAt: slidingExpiry < refreshCap ? slidingExpiry : refreshCap,
    },
  };
}
