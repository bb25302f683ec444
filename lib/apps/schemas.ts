import { z } from "zod";
import { initialIdTokenAlgSchema } from "@/lib/apps/openid-settings";
import { CLIENT_TYPES } from "@/lib/oauth/storage";
import { claimsProductName, hasControlCharacters, hasInvisibleCharacters, INVISIBLE_CHARACTER_MESSAGE, normalizeText, RESERVED_NAME_MESSAGE } from "@/lib/text";

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} has at most ${max} characters`)
    .refine((s) => !hasControlCharacters(s, { lineBreaks: true }), `${label} cannot contain control characters`)
    .refine((s) => !hasInvisibleCharacters(s), `${label} ${INVISIBLE_CHARACTER_MESSAGE}`)
    .transform(normalizeText)
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .default(null);

const optionalHttpsUrl = (label: string) =>
  z
    .string()
    .trim()
    .max(2048, `${label}: use at most 2048 characters`)
    .refine((s) => s === "" || isHttpsUrl(s), `${label} must be an https:// address, like https://app.example.com`)
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .default(null);

function isHttpsUrl(value: string): boolean {
  if (!/^https:\/\/[^\s/?#]+/.test(value) || /[\s\\]/.test(value) || hasControlCharacters(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && !url.username && !url.password && url.hostname.includes(".");
  } catch {
    return false;
  }
}

export const clientTypeSchema = z.enum(CLIENT_TYPES, { error: "Choose confidential or public" });

/** The application form, as posted; its redirect URIs are checked by checkRedirectUriList. */
export const applicationFieldsSchema = z.object({
  name: z
    .string({ error: "Enter a name" })
    .trim()
    .min(1, "Enter a name")
    .max(64, "Use at most 64 characters")
    .refine((s) => !hasControlCharacters(s), "The name cannot contain control characters")
    .refine((s) => !hasInvisibleCharacters(s), `The name ${INVISIBLE_CHARACTER_MESSAGE}`)
    .transform(normalizeText)
    .refine((s) => !claimsProductName(s), `The name ${RESERVED_NAME_MESSAGE}`),
  description: optionalText(500, "The description"),
  homepageUrl: optionalHttpsUrl("Homepage"),
  privacyPolicyUrl: optionalHttpsUrl("Privacy policy"),
  termsUrl: optionalHttpsUrl("Terms of service"),
});
export type ApplicationFields = z.infer<typeof applicationFieldsSchema>;

/** A new application: its fields, its client type and, when given, its ID token algorithm (RS256 otherwise). */
export const newApplicationSchema = applicationFieldsSchema.extend({ clientType: clientTypeSchema, idTokenAlg: initialIdTokenAlgSchema });
export type NewApplication = z.infer<typeof newApplicationSchema>;

/** A cuid as Prisma makes them; anything else cannot name an application. */
export const recordIdSchema = z.string().regex(/^[a-z0-9]{20,32}$/);
