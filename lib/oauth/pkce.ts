import { createHash, timingSafeEqual } from "node:crypto";

/**
 * The one code_challenge_method this server takes (RFC 7636 §4.3; RFC 9700 §2.1.1: plain is
 * not to be used): the authorization request's parameter, the metadata, the quick start.
 */
export const PKCE_METHOD = "S256";

/** RFC 7636 §4.1: code_verifier = 43*128unreserved */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** RFC 7636 §4.2: an S256 challenge is BASE64URL(SHA256(verifier)): 43 characters, no padding. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function isValidVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier);
}

export function isValidS256Challenge(challenge: string): boolean {
  return S256_CHALLENGE.test(challenge);
}

/** BASE64URL(SHA256(ASCII(verifier))). @see RFC 7636 §4.2 */
export function s256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** False when the verifier is missing, malformed or does not hash to the challenge. @see RFC 7636 §4.6 */
export function verifyPkce(verifier: string | undefined, challenge: string): boolean {
  if (verifier === undefined || !isValidVerifier(verifier)) return false;
  const a = Buffer.from(s256(verifier));
  const b = Buffer.from(challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}
