import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { addSeconds, type Clock } from "@/lib/oauth/clock";
import { ID_TOKEN_ALGS, type IdTokenAlg } from "@/lib/oauth/storage";

/**
 * ID token signing keys (OpenID Connect Core §10.1), made and used with jose. Each algorithm has
 * one key that signs. `rotate` publishes a successor at once and lets it sign only after
 * KEY_ACTIVATION_SECONDS, longer than the JWKS document may be cached (JWKS_MAX_AGE_SECONDS), so
 * a relying party has fetched the new key before it sees a token signed with it. The key it
 * replaces stays published until the last ID token it signed has expired, and stays stored after
 * that for checking id_token_hint (RP-Initiated Logout §2 accepts an expired one) until pruning.
 *
 * The private half is stored sealed (AES-256-GCM) with a key-encryption key derived from
 * GATEHOUSE_KEY_SECRET (or NEXTAUTH_SECRET when it is unset); each key records which one sealed
 * it, so a secret can change while its keys still open with the previous one until `rewrap`.
 */

/** How long caches may keep the JWKS document (its Cache-Control max-age). */
export const JWKS_MAX_AGE_SECONDS = 300;
/** A rotated-in key signs only this long after it is published: twice the JWKS max-age. */
export const KEY_ACTIVATION_SECONDS = 2 * JWKS_MAX_AGE_SECONDS;
/** Room for relying parties' clocks when a retired key leaves the JWKS. */
const PUBLISHED_SKEW_SECONDS = 60;
/** A retired key is kept this long for id_token_hint, then pruned. */
export const RETIRED_KEY_KEPT_SECONDS = 90 * 86400;

/** A signing key as stored: its public JWK and its sealed private JWK. */
export type StoredSigningKey = {
  kid: string;
  alg: IdTokenAlg;
  generation: number;
  publicJwk: JWK;
  sealedPrivateJwk: string;
  wrappingKeyId: string;
  activatesAt: Date;
  retiresAt: Date | null;
  createdAt: Date;
};

/** Signing keys in storage; lib/db/signing-keys.ts keeps them on the database. */
export interface SigningKeyStore {
  /** Every stored key, oldest first (kept in memory until a key changes anywhere). */
  listSigningKeys(): Promise<StoredSigningKey[]>;
  /**
   * Stores `key`; when its generation is not the algorithm's first, in the same transaction every
   * other key of the algorithm not yet retiring retires when it activates. False, storing
   * nothing, when that generation exists already: another instance won.
   */
  insertSigningKey(key: StoredSigningKey): Promise<boolean>;
  /** Replaces the sealed private halves of these keys (a new key-encryption key). */
  resealSigningKeys(keys: { kid: string; sealedPrivateJwk: string; wrappingKeyId: string }[]): Promise<void>;
}

/** A key-encryption key and its public id (a digest that says which, and nothing of it). */
export type WrappingKey = { id: string; key: Buffer };

/** The key-encryption key for a secret: HKDF-SHA-256, its own label so it is no other derived key. */
export function wrappingKeyFrom(secret: string, label = "gatehouse signing keys"): WrappingKey {
  const key = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), label, 32));
  return { id: createHash("sha256").update("gatehouse wrapping key id\0").update(key).digest("base64url").slice(0, 16), key };
}

/**
 * The key-encryption keys this server may open keys with, the first sealing new ones:
 * GATEHOUSE_KEY_SECRET, else one derived from NEXTAUTH_SECRET; then GATEHOUSE_KEY_SECRET_PREVIOUS,
 * and the NEXTAUTH_SECRET one (keys sealed before GATEHOUSE_KEY_SECRET was first set).
 */
export function wrappingKeysFor(secrets: { current?: string; previous?: string }, serverSecret: string): WrappingKey[] {
  const derived = wrappingKeyFrom(serverSecret, "gatehouse signing keys from NEXTAUTH_SECRET");
  const keys = [secrets.current ? wrappingKeyFrom(secrets.current) : derived];
  if (secrets.previous) keys.push(wrappingKeyFrom(secrets.previous));
  keys.push(derived);
  return keys.filter((k, i) => keys.findIndex((o) => o.id === k.id) === i);
}

/** AES-256-GCM, bound to the key's kid and alg (a sealed half moved to another row does not open). */
export function seal(privateJwk: JWK, kid: string, alg: string, wrapping: WrappingKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", wrapping.key, iv).setAAD(Buffer.from(`${kid}.${alg}`));
  const body = Buffer.concat([cipher.update(JSON.stringify(privateJwk), "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${iv.toString("base64url")}.${body.toString("base64url")}`;
}

export class SigningKeyError extends Error {
  override name = "SigningKeyError";
}

export function unseal(key: Pick<StoredSigningKey, "kid" | "alg" | "sealedPrivateJwk" | "wrappingKeyId">, wrappingKeys: readonly WrappingKey[]): JWK {
  const wrapping = wrappingKeys.find((k) => k.id === key.wrappingKeyId);
  if (!wrapping) {
    throw new SigningKeyError(
      `signing key ${key.kid} was sealed with key-encryption key ${key.wrappingKeyId}, which this server does not have: set GATEHOUSE_KEY_SECRET_PREVIOUS to the secret it was sealed with`,
    );
  }
  const [iv, body] = key.sealedPrivateJwk.split(".").map((part) => Buffer.from(part, "base64url")) as [Buffer, Buffer];
  const decipher = createDecipheriv("aes-256-gcm", wrapping.key, iv).setAAD(Buffer.from(`${key.kid}.${key.alg}`));
  decipher.setAuthTag(body.subarray(body.length - 16));
  try {
    return JSON.parse(Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8")) as JWK;
  } catch {
    throw new SigningKeyError(`signing key ${key.kid} does not open with key-encryption key ${wrapping.id}: its stored form was changed`);
  }
}

/** A new key pair for `alg` (RSA 2048 for RS256, P-256 for ES256), its kid the JWK thumbprint (RFC 7638). */
export async function newSigningKey(alg: IdTokenAlg, generation: number, activatesAt: Date, wrapping: WrappingKey, now: Date): Promise<StoredSigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "RS256" ? { modulusLength: 2048 } : {}) });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const published: JWK = { ...publicJwk, kid, alg, use: "sig" };
  return {
    kid,
    alg,
    generation,
    publicJwk: published,
    sealedPrivateJwk: seal(await exportJWK(privateKey), kid, alg, wrapping),
    wrappingKeyId: wrapping.id,
    activatesAt,
    retiresAt: null,
    createdAt: now,
  };
}

/** The key that signs for `alg` now: the newest activated one. */
export function signingKeyOf(keys: readonly StoredSigningKey[], alg: IdTokenAlg, now: Date): StoredSigningKey | null {
  let found: StoredSigningKey | null = null;
  for (const key of keys) if (key.alg === alg && key.activatesAt <= now && (!found || key.generation > found.generation)) found = key;
  return found;
}

/** The keys the JWKS shows: every key not retired, and each retired one until the ID tokens it signed have expired. */
export function publishedKeys(keys: readonly StoredSigningKey[], idTokenSeconds: number, now: Date): StoredSigningKey[] {
  return keys.filter((key) => key.retiresAt === null || addSeconds(key.retiresAt, idTokenSeconds + PUBLISHED_SKEW_SECONDS) > now);
}

/** What a key is now, in words for `npm run keys -- list`. */
export function keyState(key: StoredSigningKey, keys: readonly StoredSigningKey[], idTokenSeconds: number, now: Date): "signing" | "published, signs from its activation" | "retired, still published" | "retired, kept for id_token_hint" {
  if (signingKeyOf(keys, key.alg, now)?.kid === key.kid) return "signing";
  if (key.activatesAt > now) return "published, signs from its activation";
  return publishedKeys([key], idTokenSeconds, now).length > 0 ? "retired, still published" : "retired, kept for id_token_hint";
}

/**
 * The server's keys as the protocol core uses them: the signing key of an algorithm (made at
 * first use when there is none: of instances starting together, one key wins and every one uses
 * it), the JWKS, and any stored key by kid for verifying. Imported keys are kept per kid: a
 * kid's key never changes.
 */
export class Keyring {
  private readonly imported = new Map<string, Promise<CryptoKey>>();

  constructor(
    private readonly store: SigningKeyStore,
    private readonly wrappingKeys: () => readonly WrappingKey[],
    private readonly idTokenSeconds: number,
  ) {}

  /** The key that signs `alg` now, with its private key. */
  async signingKey(alg: IdTokenAlg, clock: Clock): Promise<{ kid: string; key: CryptoKey }> {
    const now = clock.now();
    let key = signingKeyOf(await this.store.listSigningKeys(), alg, now);
    if (!key) {
      await this.ensureKeys(now, [alg]);
      key = signingKeyOf(await this.store.listSigningKeys(), alg, now);
      if (!key) throw new SigningKeyError(`no ${alg} signing key could be made`);
    }
    return { kid: key.kid, key: await this.privateKey(key) };
  }

  /** Makes the first key of each algorithm that has none (the start does this for every one). */
  async ensureKeys(now: Date, algs: readonly IdTokenAlg[] = ID_TOKEN_ALGS): Promise<void> {
    const keys = await this.store.listSigningKeys();
    for (const alg of algs) {
      if (keys.some((k) => k.alg === alg)) continue;
      // A lost race stores nothing: the winner's key is read next.
      await this.store.insertSigningKey(await newSigningKey(alg, 1, now, this.wrappingKeys()[0]!, now));
    }
  }

  /** The public JWK set (RFC 7517 §5): no private member ever leaves here. */
  async jwks(clock: Clock): Promise<{ keys: JWK[] }> {
    await this.ensureKeys(clock.now());
    const keys = publishedKeys(await this.store.listSigningKeys(), this.idTokenSeconds, clock.now());
    return { keys: keys.map(({ publicJwk: { kty, kid, alg, use, n, e, crv, x, y } }) => ({ kty, kid, alg, use, n, e, crv, x, y })) };
  }

  /** A stored key by kid, retired ones included, for verifying what this server signed. */
  async verificationKey(kid: string): Promise<{ alg: IdTokenAlg; key: CryptoKey } | null> {
    const stored = (await this.store.listSigningKeys()).find((k) => k.kid === kid);
    return stored ? { alg: stored.alg, key: (await importJWK(stored.publicJwk, stored.alg)) as CryptoKey } : null;
  }

  /** Publishes a successor for `alg` at once; it signs from KEY_ACTIVATION_SECONDS on, and the current key retires then. */
  async rotate(alg: IdTokenAlg, now: Date): Promise<StoredSigningKey> {
    const keys = (await this.store.listSigningKeys()).filter((k) => k.alg === alg);
    const generation = Math.max(0, ...keys.map((k) => k.generation)) + 1;
    // An algorithm's first key has nothing to wait for: no relying party has cached a JWKS without it that matters.
    const activatesAt = generation === 1 ? now : addSeconds(now, KEY_ACTIVATION_SECONDS);
    const key = await newSigningKey(alg, generation, activatesAt, this.wrappingKeys()[0]!, now);
    if (!(await this.store.insertSigningKey(key))) throw new SigningKeyError(`another rotation of ${alg} happened at the same time; list the keys and rotate again if needed`);
    return key;
  }

  /** Seals every key with the current key-encryption key; returns how many moved. */
  async rewrap(): Promise<number> {
    const [current] = this.wrappingKeys();
    const moving = (await this.store.listSigningKeys()).filter((k) => k.wrappingKeyId !== current!.id);
    const resealed = moving.map((k) => ({ kid: k.kid, sealedPrivateJwk: seal(unseal(k, this.wrappingKeys()), k.kid, k.alg, current!), wrappingKeyId: current!.id }));
    if (resealed.length > 0) await this.store.resealSigningKeys(resealed);
    return resealed.length;
  }

  private privateKey(key: StoredSigningKey): Promise<CryptoKey> {
    let imported = this.imported.get(key.kid);
    if (!imported) {
      imported = importJWK(unseal(key, this.wrappingKeys()), key.alg).then((k) => k as CryptoKey);
      imported.catch(() => this.imported.delete(key.kid));
      this.imported.set(key.kid, imported);
    }
    return imported;
  }
}
