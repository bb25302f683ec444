import { z } from "zod";
import { recordIdSchema } from "@/lib/apps/schemas";
import { deletePersonalKey, hasPersonalKey, insertPersonalKeyIfRoom, listPersonalKeysOf, type PersonalKeyRow } from "@/lib/db/personal-keys";
import { fieldErrorsOf, type FormResult } from "@/lib/form-result";
import { BASE_SCOPE, formatScope, type Scope } from "@/lib/oauth/scopes";
import { digest, generateSecret, secretHint } from "@/lib/oauth/secrets";
import { newSecretFor } from "@/lib/once-shown-secret";
import { hasControlCharacters } from "@/lib/text";

/**
 * Personal API keys: a user's own bearer credential for scripts that call the operator's APIs
 * as that user. Shown once, stored as a digest, never a restricted scope. For integrations that
 * act for other people, OAuth is the way (the docs say so).
 */
export const MAX_PERSONAL_KEYS = 10;
export const KEY_EXPIRIES = ["7", "30", "90", "none"] as const;

/** The scopes a personal key may carry: every scope of the catalogue that is not restricted. */
export function keyableScopes(catalogue: readonly Scope[]): Scope[] {
  return catalogue.filter((s) => !s.restricted);
}

const keySchema = (catalogue: readonly Scope[]) => {
  const allowed = new Set(keyableScopes(catalogue).map((s) => s.name));
  return z.object({
    name: z
      .string({ error: "Name the key" })
      .trim()
      .min(1, "Name the key after what uses it, e.g. backup script")
      .max(64, "Use at most 64 characters")
      .refine((s) => !hasControlCharacters(s), "The name cannot contain control characters"),
    scopes: z
      .array(z.string())
      .max(100)
      .refine((names) => names.every((n) => allowed.has(n)), "Choose scopes from the list (restricted scopes are not available for personal keys)"),
    expiry: z.enum(KEY_EXPIRIES, { error: "Choose when the key expires" }),
  });
};

export type NewKeyResult = FormResult<{ key: string }>;

export async function createPersonalKey(userId: string, input: unknown, catalogue: readonly Scope[], now = new Date()): Promise<NewKeyResult> {
  const parsed = keySchema(catalogue).safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const { name, scopes, expiry } = parsed.data;
  const key = generateSecret("personalKey");
  const expiresAt = expiry === "none" ? null : new Date(now.getTime() + Number(expiry) * 86400_000);
  const stored = await insertPersonalKeyIfRoom(userId, { name, digest: digest(key), ...secretHint(key), scope: formatScope([...new Set([BASE_SCOPE, ...scopes])]), expiresAt }, MAX_PERSONAL_KEYS);
  if (!stored) return { ok: false, fieldErrors: { form: `You can have at most ${MAX_PERSONAL_KEYS} personal keys: revoke one you no longer use` } };
  return { ok: true, key };
}

export function listPersonalKeys(userId: string): Promise<PersonalKeyRow[]> {
  return listPersonalKeysOf(userId);
}

/** Revokes the key at once: the next request with it is refused. False when it was not the user's. */
export async function revokePersonalKey(userId: string, id: unknown): Promise<boolean> {
  const parsed = recordIdSchema.safeParse(id);
  return parsed.success && (await deletePersonalKey(userId, parsed.data));
}

/** The page a new personal key is shown on until its owner confirms storing it. */
export const PERSONAL_KEYS_PAGE = "/account";

/** The new personal key to show: held for this user, and still one of theirs. */
export function newPersonalKeyToShow(userId: string): Promise<string | null> {
  return newSecretFor(PERSONAL_KEYS_PAGE, userId, (keyDigest) => hasPersonalKey(userId, keyDigest));
}
