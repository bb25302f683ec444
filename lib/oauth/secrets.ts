import { createHash, randomFillSync, timingSafeEqual } from "node:crypto";

/**
 * The one place secrets are made and compared. Every secret is 32 random bytes, base64url,
 * behind a short prefix that secret scanners can find. They are stored only as SHA-256
 * digests: with 256 bits of entropy a slow hash adds nothing.
 */
export const SECRET_PREFIX = { clientSecret: "gsec_", accessToken: "gat_", refreshToken: "grt_", apiSecret: "gapi_", personalKey: "gpat_" } as const;
export type SecretKind = keyof typeof SECRET_PREFIX;

/** base64url of 32 bytes is 43 characters. */
const SECRET_BODY = /^[A-Za-z0-9_-]{43}$/;

const pool = Buffer.allocUnsafeSlow(4096);
let poolOffset = pool.length;

/**
 * Bytes from the operating system's CSPRNG, drawn from a pool refilled 4 KiB at a time (one
 * call into the generator per 4 KiB instead of one per value, as Node's own randomUUID does).
 * Each byte is handed out once and wiped from the pool as it leaves.
 */
export function secureRandomBytes(size: number): Buffer {
  if (size > pool.length) throw new RangeError("secureRandomBytes: ask for at most 4096 bytes");
  if (poolOffset + size > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + size));
  pool.fill(0, poolOffset, poolOffset + size);
  poolOffset += size;
  return bytes;
}

export function generateSecret(kind: SecretKind): string {
  return SECRET_PREFIX[kind] + secureRandomBytes(32).toString("base64url");
}

/** An unprefixed 256-bit value (authorization codes, consent handles). */
export function generateOpaqueValue(): string {
  return secureRandomBytes(32).toString("base64url");
}

/** A public client identifier: random and not guessable, but not a secret. */
export function generateClientId(): string {
  return secureRandomBytes(18).toString("base64url");
}

/** base64url of 18 bytes is 24 characters. */
const CLIENT_ID = /^[A-Za-z0-9_-]{24}$/;

/**
 * True when the value has the shape of a client ID Gatehouse makes. Anything else is no app's: it
 * is refused as it is read, before it reaches a query, a rate-limit key or a log line.
 */
export function looksLikeClientId(value: string): boolean {
  return CLIENT_ID.test(value);
}

const API_ID = /^api_[A-Za-z0-9_-]{16}$/;

/**
 * A registered API's public ID: "api_" and 16 characters. Never the shape of a client ID (24
 * characters, no fixed prefix), so the two are told apart before any lookup.
 */
export function generateApiId(): string {
  return `api_${secureRandomBytes(12).toString("base64url")}`;
}

export function looksLikeApiId(value: string): boolean {
  return API_ID.test(value);
}

/** SHA-256 of the value, hex: what is stored and looked up. */
export function digest(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** True when the value has the shape of a secret of this kind (checked before any lookup). */
export function looksLikeSecret(kind: SecretKind, value: string): boolean {
  const prefix = SECRET_PREFIX[kind];
  return value.startsWith(prefix) && SECRET_BODY.test(value.slice(prefix.length));
}

/** Constant-time comparison of a presented secret with a stored digest. */
export function matchesDigest(value: string, storedDigest: string): boolean {
  const a = Buffer.from(digest(value), "hex");
  const b = Buffer.from(storedDigest, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What a dashboard may show of a secret: its prefix plus two characters, and its last four. */
export function secretHint(secret: string): { prefix: string; lastFour: string } {
  const kindPrefix = Object.values(SECRET_PREFIX).find((p) => secret.startsWith(p)) ?? "";
  return { prefix: secret.slice(0, kindPrefix.length + 2), lastFour: secret.slice(-4) };
}
