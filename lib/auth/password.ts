import argon2 from "argon2";
import pLimit, { type LimitFunction } from "p-limit";
import { config } from "@/lib/config/env";

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

/** More argon2 work waiting than this, and new requests are turned away at once. */
export const MAX_WAITING_HASHES = 64;

export class PasswordHashingBusyError extends Error {
  override name = "PasswordHashingBusyError";
  constructor() {
    super("too many password checks are waiting; try again in a few seconds");
  }
}

// One queue per process: at most GATEHOUSE_ARGON2_CONCURRENCY hashes at once, so a flood of
// sign-ins cannot take every core (and its memory) from the rest of the server.
const globalForArgon2 = globalThis as unknown as { gatehouseArgon2?: LimitFunction };

function queued<T>(work: () => Promise<T>): Promise<T> {
  const limit = (globalForArgon2.gatehouseArgon2 ??= pLimit(config().argon2Concurrency));
  if (limit.pendingCount >= MAX_WAITING_HASHES) return Promise.reject(new PasswordHashingBusyError());
  return limit(work);
}

/** Runs a form's password work; a full hashing queue becomes the form's error instead of a failure. */
export async function unlessBusy<T extends object>(work: () => Promise<T>): Promise<T | { ok: false; fieldErrors: { form: string } }> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PasswordHashingBusyError) return { ok: false, fieldErrors: { form: "Gatehouse is busy. Try again in a few seconds; nothing was changed." } };
    throw error;
  }
}

export function hashPassword(password: string): Promise<string> {
  return queued(() => argon2.hash(password, ARGON2_OPTIONS));
}

/** False for a wrong password and for a hash that cannot be read; throws only PasswordHashingBusyError. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  return queued(async () => {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  });
}

/** Passwords are stored hashed in their NFKC form, so the same characters typed differently match. */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

/**
 * The forms a typed password is checked in: its NFKC form, and as typed when that differs
 * (hashes stored before passwords were normalized). How many there are depends on the typed
 * password alone, so every path of a sign-in verifies each of them, whatever the account.
 */
function passwordForms(typed: string): string[] {
  const normalized = normalizePassword(typed);
  return normalized === typed ? [normalized] : [normalized, typed];
}

/** Verifies every form of the typed password against the hash, one after the other, even after a match. */
async function verifyEveryForm(hash: string, typed: string): Promise<boolean[]> {
  const matches: boolean[] = [];
  for (const form of passwordForms(typed)) matches.push(await verifyPassword(hash, form));
  return matches;
}

/**
 * Checks a typed password against a user's hash: its NFKC form, or as typed (hashes stored
 * before passwords were normalized). `rehash` says the hash should be replaced by one of the
 * normalized password with today's parameters. Runs as many argon2 verifications as
 * verifyAgainstDummy does for the same password, right or wrong, so the work done does not tell
 * whether the account exists.
 */
export async function checkUserPassword(hash: string, typed: string): Promise<{ ok: boolean; rehash: boolean }> {
  const [normalizedMatches, typedMatches = false] = await verifyEveryForm(hash, typed);
  if (normalizedMatches) return { ok: true, rehash: needsRehash(hash) };
  if (typedMatches) return { ok: true, rehash: true };
  return { ok: false, rehash: false };
}

/** True when the hash was made with other parameters than today's (they were raised since). */
export function needsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Does the work of checkUserPassword (the same argon2 verifications, one per form of the
 * password) against a dummy hash, so a sign-in for an unknown email cannot be told apart from
 * a wrong password by its timing.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("gatehouse-dummy-password-for-timing");
  await verifyEveryForm(await dummyHash, password);
  return false;
}
