import { addSeconds } from "@/lib/oauth/clock";
import type { OAuthContext } from "@/lib/oauth/context";
import { digest, generateSecret } from "@/lib/oauth/secrets";
import type { TokenSet } from "@/lib/oauth/store";

/** RFC 6749 §5.1 success body. */
export type TokenResponse = {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
  scope: string;
};

/** A fresh access and refresh token pair: the plain values for the response, digests for storage. */
export function mintTokens(ctx: OAuthContext, accessScope: string, refreshCap: Date): { response: TokenResponse; stored: TokenSet } {
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
      refreshDigest: digest(refreshToken),
      refreshExpiresAt: slidingExpiry < refreshCap ? slidingExpiry : refreshCap,
    },
  };
}

/** "40 s ago", "3 min ago": how long ago something expired, for error descriptions. */
export function agoText(since: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}
