import { createHash } from "node:crypto";
import { compactVerify, decodeProtectedHeader, SignJWT } from "jose";
import { claimsFor, type USER_CLAIMS } from "@/lib/oauth/claims";
import type { OAuthContext } from "@/lib/oauth/context";
import type { Client } from "@/lib/oauth/storage";

/**
 * ID tokens (OpenID Connect Core §2, §3.1.3.6): issued with the access token of a code exchange,
 * and of a refresh (§12.2), when the grant holds `openid`. Signed with the app's algorithm
 * (id_token_signed_response_alg) by the keyring's signing key (lib/oauth/signing-keys.ts).
 */
export const OPENID_SCOPE = "openid";

/** The claims an ID token carries besides the user's (lib/oauth/claims.ts): OpenID Connect Core §2, §3.1.3.6. */
export const ID_TOKEN_CLAIMS = ["iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash"] as const;

/** Every claim an ID token can carry: discovery's claims_supported, and the names the docs explain. */
export type IdTokenClaimName = (typeof ID_TOKEN_CLAIMS)[number] | (typeof USER_CLAIMS)[number];

/** OpenID Connect Core §3.1.2.1: Gatehouse stores the nonce with the code; longer than this is refused. */
export const MAX_NONCE_LENGTH = 255;

export type IdTokenInput = {
  client: Pick<Client, "clientId" | "idTokenAlg">;
  userId: string;
  /** The granted scope of the tokens issued with it: which claims it carries. */
  scope: string;
  /** The sign-in the authorization was made in; null only for families opened before ID tokens existed. */
  authTime: Date | null;
  /** The authorization request's nonce, echoed exactly (§3.1.2.1); never on a refresh (§12.2). */
  nonce: string | null;
  /** The access token issued with it, hashed into at_hash (§3.1.3.6). */
  accessToken: string;
};

export function includesOpenId(scope: string): boolean {
  return scope.split(" ").includes(OPENID_SCOPE);
}

/**
 * at_hash (OpenID Connect Core §3.1.3.6): the left half of the access token's hash, base64url.
 * RS256 and ES256 both hash with SHA-256.
 */
export function accessTokenHash(accessToken: string): string {
  return createHash("sha256").update(accessToken, "ascii").digest().subarray(0, 16).toString("base64url");
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** A signed ID token. null when the user is gone: the token response then fails as the grant would. */
export async function mintIdToken(input: IdTokenInput, ctx: Pick<OAuthContext, "issuer" | "clock" | "lifetimes" | "users" | "keyring">): Promise<string | null> {
  const user = await ctx.users.findUserClaims(input.userId);
  if (!user) return null;
  const now = ctx.clock.now();
  const { kid, key } = await ctx.keyring.signingKey(input.client.idTokenAlg, ctx.clock);
  const { sub, ...claims } = claimsFor(user, new Set(input.scope.split(" ")));
  const iat = seconds(now);
  return new SignJWT({
    ...claims,
    ...(input.authTime ? { auth_time: seconds(input.authTime) } : {}),
    ...(input.nonce !== null ? { nonce: input.nonce } : {}),
    at_hash: accessTokenHash(input.accessToken),
  })
    .setProtectedHeader({ alg: input.client.idTokenAlg, kid, typ: "JWT" })
    .setIssuer(ctx.issuer)
    .setSubject(sub)
    // §2: aud holds the client ID; with a single audience, azp is not needed and not sent.
    .setAudience(input.client.clientId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ctx.lifetimes.idTokenSeconds)
    .sign(key);
}

/** What an id_token_hint says once its signature checked out. */
export type VerifiedHint = { sub: string; aud: string[]; expired: boolean };

/**
 * An ID token this server signed, as a hint (OpenID Connect Core §3.1.2.1 id_token_hint,
 * RP-Initiated Logout §2): the signature by any key it stored, retired ones included, and the
 * issuer are checked; an expired one is still a valid hint, and says so. Null for anything else.
 */
export async function verifyIdTokenHint(token: string, ctx: Pick<OAuthContext, "issuer" | "clock" | "keyring">): Promise<VerifiedHint | null> {
  if (token.length > 8192) return null;
  let kid: string | undefined;
  let alg: string | undefined;
  try {
    ({ kid, alg } = decodeProtectedHeader(token));
  } catch {
    return null;
  }
  if (typeof kid !== "string") return null;
  const stored = await ctx.keyring.verificationKey(kid);
  if (!stored || stored.alg !== alg) return null;
  let payload: Record<string, unknown>;
  try {
    const verified = await compactVerify(token, stored.key, { algorithms: [stored.alg] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch {
    return null;
  }
  const aud = typeof payload.aud === "string" ? [payload.aud] : Array.isArray(payload.aud) ? payload.aud.filter((a): a is string => typeof a === "string") : [];
  if (payload.iss !== ctx.issuer || typeof payload.sub !== "string" || aud.length === 0 || typeof payload.exp !== "number") return null;
  return { sub: payload.sub, aud, expired: payload.exp <= seconds(ctx.clock.now()) };
}
