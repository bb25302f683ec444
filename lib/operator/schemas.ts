import { z } from "zod";
import { scopeNameSchema } from "@/lib/oauth/scopes";
import { normalizeResourceUri } from "@/lib/oauth/resource-indicators";
import { hasControlCharacters, hasInvisibleCharacters, INVISIBLE_CHARACTER_MESSAGE, normalizeText } from "@/lib/text";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * An API identifier (its audience): an absolute https URI, or http on loopback for local
 * development, without credentials, query or fragment.
 */
export function apiIdentifierProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter an absolute URI, like https://api.example.com";
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) {
    return "Use an https:// URI (http:// only on localhost, 127.0.0.1 or [::1])";
  }
  if (url.username || url.password) return "The identifier cannot contain a user name or password";
  if (url.search || url.hash || value.includes("#") || value.includes("?")) return "The identifier cannot have a query or a fragment";
  if (/[\s\\]/.test(value)) return "The identifier cannot contain spaces or backslashes";
  return null;
}

export const apiFieldsSchema = z.object({
  name: z
    .string({ error: "Enter a name" })
    .trim()
    .min(1, "Enter a name")
    .max(64, "Use at most 64 characters")
    .refine((s) => !hasControlCharacters(s), "The name cannot contain control characters")
    .refine((s) => !hasInvisibleCharacters(s), `The name ${INVISIBLE_CHARACTER_MESSAGE}`)
    .transform(normalizeText),
  identifier: z
    .string({ error: "Enter the API's identifier" })
    .trim()
    .min(1, "Enter the API's identifier, like https://api.example.com")
    .max(2048, "Use at most 2048 characters")
    .superRefine((value, ctx) => {
      const problem = apiIdentifierProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    // Stored in the form resource indicators compare (RFC 8707): https://API.example.com is https://api.example.com/.
    .transform((value) => normalizeResourceUri(value) ?? value),
});
export type ApiFields = z.infer<typeof apiFieldsSchema>;

/** A checkbox: "on" when ticked, absent otherwise. */
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const apiScopeSchema = z.object({
  name: z.preprocess((v) => (typeof v === "string" ? v.trim() : v), scopeNameSchema),
  description: z
    .string({ error: "Describe what the scope lets an app do" })
    .trim()
    .min(1, "Describe what the scope lets an app do, in plain words for the consent screen")
    .max(200, "Use at most 200 characters")
    .refine((s) => !hasControlCharacters(s), "The description cannot contain control characters")
    .refine((s) => !hasInvisibleCharacters(s), `The description ${INVISIBLE_CHARACTER_MESSAGE}`)
    .transform(normalizeText),
  personalData: checkbox,
  restricted: checkbox,
});
export type ApiScopeFields = z.infer<typeof apiScopeSchema>;
