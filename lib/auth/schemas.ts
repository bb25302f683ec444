import commonPasswords from "fxa-common-password-list";
import { z } from "zod";
import { claimsProductName, hasControlCharacters, hasInvisibleCharacters, INVISIBLE_CHARACTER_MESSAGE, normalizeText, RESERVED_NAME_MESSAGE } from "@/lib/text";

/** RFC 5321 caps a path at 256 octets; an address is at most 254 characters. Trimmed and lower-cased. */
export const emailSchema = z
  .string({ error: "Enter your email address" })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address")
  .max(254, "An email address has at most 254 characters")
  .pipe(z.email({ error: "Enter a valid email address, like ada@example.com" }));

/** A new password: stored in its NFKC form; at most 128 characters (argon2 never hashes a megabyte); not a common one. */
export const passwordSchema = z
  .string({ error: "Enter a password" })
  .min(8, "Use at least 8 characters")
  .max(128, "Use at most 128 characters")
  .transform((s) => s.normalize("NFKC"))
  .refine((s) => !commonPasswords.test(s) && !commonPasswords.test(s.toLowerCase()), "This password is one of the most common ones, which attackers try first: choose another");

export const displayNameSchema = z
  .string({ error: "Enter your name" })
  .trim()
  .min(1, "Enter your name")
  .max(64, "Use at most 64 characters")
  .refine((s) => !hasControlCharacters(s), "The name cannot contain control characters")
  .refine((s) => !hasInvisibleCharacters(s), `The name ${INVISIBLE_CHARACTER_MESSAGE}`)
  .transform(normalizeText)
  .refine((s) => !claimsProductName(s), `The name ${RESERVED_NAME_MESSAGE}`);

export const usernameSchema = z
  .string({ error: "Enter a username" })
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters")
  .max(32, "Use at most 32 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use letters, digits and single hyphens; start and end with a letter or digit")
  .refine((s) => !s.includes("--"), "Use single hyphens only");

export const signUpSchema = z.object({
  email: emailSchema,
  name: displayNameSchema,
  password: passwordSchema,
  /** Chosen at sign-up, or made from the email when left empty. */
  username: z.preprocess((v) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v), usernameSchema.optional()),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

/** Sign-in checks only the shape: a wrong password must not be told apart from a malformed one. */
export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1).max(254).refine((s) => !hasControlCharacters(s)),
  password: z.string().min(1).max(128),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const profileSchema = z.object({ name: displayNameSchema, username: usernameSchema });

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(128),
    newPassword: passwordSchema,
  })
  .refine((v) => v.currentPassword !== v.newPassword, { path: ["newPassword"], message: "Choose a password different from the current one" });

export const deleteAccountSchema = z.object({
  password: z.string({ error: "Enter your password to confirm" }).min(1, "Enter your password to confirm").max(128),
});
