import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { cookies } from "next/headers";
import { config, serverSecret } from "@/lib/config/env";
import { digest } from "@/lib/oauth/secrets";

/**
 * A new secret (an app's client secret, an API's secret) is shown on its page until the person
 * confirms they stored it, across reloads. Until then it travels only in an httpOnly cookie
 * scoped to that page, encrypted and bound to the page and the user (AES-256-GCM with a key
 * derived from the server's secret); the database only ever holds its digest. The cookie lasts
 * 15 minutes at most and is cleared on confirmation.
 */
const COOKIE = "gatehouse-new-secret";
export const ONCE_SHOWN_SECONDS = 15 * 60;

function key(): Buffer {
  return createHash("sha256").update(`gatehouse once-shown secret\0${serverSecret()}`).digest();
}

const binding = (pagePath: string, userId: string) => Buffer.from(`${pagePath}\0${userId}`);

export function sealSecret(secret: string, pagePath: string, userId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv).setAAD(binding(pagePath, userId));
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
}

export function openSecret(value: string, pagePath: string, userId: string): string | null {
  try {
    const raw = Buffer.from(value, "base64url");
    if (raw.length < 29) return null;
    const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12)).setAAD(binding(pagePath, userId));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

function cookieOptions(pagePath: string) {
  return { path: pagePath, httpOnly: true, sameSite: "strict" as const, secure: config().issuer.startsWith("https:") };
}

/** In a server action: keep the new secret for its page until it is confirmed. */
export async function holdNewSecret(pagePath: string, userId: string, secret: string): Promise<void> {
  (await cookies()).set(COOKIE, sealSecret(secret, pagePath, userId), { ...cookieOptions(pagePath), maxAge: ONCE_SHOWN_SECONDS });
}

/**
 * On the page: the secret waiting for confirmation, if any, and only while `stillValid` says it
 * works (a secret revoked meanwhile is not shown as if it did).
 */
export async function newSecretFor(pagePath: string, userId: string, stillValid: (secretDigest: string) => Promise<boolean>): Promise<string | null> {
  const value = (await cookies()).get(COOKIE)?.value;
  const secret = value ? openSecret(value, pagePath, userId) : null;
  return secret !== null && (await stillValid(digest(secret))) ? secret : null;
}

/** In a server action: the person stored it; it is not shown again. */
export async function forgetNewSecret(pagePath: string): Promise<void> {
  (await cookies()).set(COOKIE, "", { ...cookieOptions(pagePath), maxAge: 0 });
}
