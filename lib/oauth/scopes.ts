import { readFileSync } from "node:fs";
import { z } from "zod";
import { normalizeResourceUri } from "@/lib/oauth/resource-indicators";
import { hasControlCharacters, hasInvisibleCharacters, INVISIBLE_CHARACTER_MESSAGE, neutralize, normalizeText } from "@/lib/text";

/**
 * The scope catalogue: the one list that consent, metadata (`scopes_supported`), the dashboard
 * and the docs read. It holds the built-in scopes, those of the JSON file named by
 * GATEHOUSE_SCOPES_FILE (configuration as code) and those of the APIs operators register.
 */
export type Scope = {
  name: string;
  /** Plain words for the consent screen: what the app will be able to do. */
  description: string;
  /** Requesting it shortens the authorization code lifetime (DESIGN: 90 s). */
  personalData: boolean;
  /** Offered to an app only once an operator has approved it for that app. */
  restricted: boolean;
  /** The identifier of the registered API that owns it (its introspection audience), if any. */
  api: string | null;
};

/** Always granted; gives the app the user's `sub`. */
export const BASE_SCOPE = "user.read";

const builtIn = (name: string, description: string, personalData: boolean): Scope => ({ name, description, personalData, restricted: false, api: null });

export const DEFAULT_SCOPES: readonly Scope[] = [
  builtIn(BASE_SCOPE, "Know which Gatehouse account you are (a stable, anonymous ID)", false),
  // OpenID Connect Core §3.1.2.1: asks for an ID token; the consent screen names the account (lib/oauth/consent.ts).
  builtIn("openid", "Sign you in with your Gatehouse account", false),
  builtIn("profile", "See your name and username", true),
  builtIn("email", "See your email address", true),
];

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ) */
export const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * A scope's name: 1 to 64 characters of scope-token, without a comma. RFC 6749 §3.3 allows one,
 * but some providers document comma-separated scopes: a comma in a request is then always that
 * mistake, and the error can say so.
 */
export const scopeNameSchema = z
  .string()
  .min(1, "enter a scope name")
  .max(64, "a scope name is at most 64 characters")
  .regex(SCOPE_TOKEN, "a scope name is printable ASCII without spaces, quotes or backslashes")
  .refine((name) => !name.includes(","), "a scope name cannot contain a comma: scopes are separated by spaces, and a comma would read as one");

const scopeFileSchema = z
  .array(
    z.strictObject({
      name: scopeNameSchema,
      description: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .refine((s) => !hasControlCharacters(s), "the description cannot contain control characters")
        .refine((s) => !hasInvisibleCharacters(s), `the description ${INVISIBLE_CHARACTER_MESSAGE}`)
        .transform(normalizeText),
      personalData: z.boolean().default(false),
      restricted: z.boolean().default(false),
      /** The identifier of the registered API the scope belongs to, if it belongs to one. */
      api: z.string().max(2048).optional(),
    }),
  )
  .max(100);

export class ScopeFileError extends Error {
  override name = "ScopeFileError";
}

/** The default scopes plus those of the operator's file; throws ScopeFileError naming what is wrong. */
export function loadScopeCatalogue(file: string | undefined, read = (f: string) => readFileSync(f, "utf8")): Scope[] {
  if (!file) return [...DEFAULT_SCOPES];
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    throw new ScopeFileError(`GATEHOUSE_SCOPES_FILE ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScopeFileError(`GATEHOUSE_SCOPES_FILE ${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = scopeFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ScopeFileError(`GATEHOUSE_SCOPES_FILE ${file}: [${issue?.path.join(".")}] ${issue?.message}`);
  }
  const names = new Set(DEFAULT_SCOPES.map((s) => s.name));
  for (const scope of parsed.data) {
    if (names.has(scope.name)) throw new ScopeFileError(`GATEHOUSE_SCOPES_FILE ${file}: scope "${scope.name}" is defined twice`);
    names.add(scope.name);
  }
  // An API's identifier in the one form resource indicators compare (lib/oauth/resource-indicators.ts).
  return [...DEFAULT_SCOPES, ...parsed.data.map((s) => ({ ...s, api: s.api === undefined ? null : (normalizeResourceUri(s.api) ?? s.api) }))];
}

/** A scope of a registered API, as the console stores it. */
export type RegisteredScope = Omit<Scope, "api"> & { api: string };

/**
 * The whole catalogue: the configured scopes (built-in and file) and the registered APIs'. A
 * scope name belongs to one place: the same name in the file and the console throws
 * ScopeFileError naming both (the console refuses names already taken, so only an edited file
 * can cause it).
 */
export function mergeCatalogue(configured: readonly Scope[], registered: readonly RegisteredScope[]): Scope[] {
  const byName = new Map(configured.map((s) => [s.name, s]));
  for (const scope of registered) {
    const taken = byName.get(scope.name);
    if (taken) {
      throw new ScopeFileError(
        `scope "${scope.name}" is defined twice: ${DEFAULT_SCOPES.some((d) => d.name === taken.name) ? "built in" : "in GATEHOUSE_SCOPES_FILE"} and by the registered API ${scope.api}; remove one of them`,
      );
    }
    byName.set(scope.name, scope);
  }
  return [...byName.values()];
}

/** The restricted scopes among `requested` that an operator has not approved for the app. */
export function unapprovedScopes(requested: readonly string[], approved: readonly string[], catalogue: readonly Scope[]): string[] {
  const restricted = new Set(catalogue.filter((s) => s.restricted).map((s) => s.name));
  return requested.filter((s) => restricted.has(s) && !approved.includes(s));
}

/** The scopes the API with this identifier owns. */
export function scopesOfApi(catalogue: readonly Scope[], identifier: string): Set<string> {
  return new Set(catalogue.filter((s) => s.api === identifier).map((s) => s.name));
}

const namesOf = new WeakMap<readonly Scope[], ReadonlySet<string>>();

/** The catalogue's scope names, as a set made once per catalogue (a reload makes a new one). */
function catalogueNames(catalogue: readonly Scope[]): ReadonlySet<string> {
  let names = namesOf.get(catalogue);
  if (!names) namesOf.set(catalogue, (names = new Set(catalogue.map((s) => s.name))));
  return names;
}

/**
 * The scopes of a request's scope parameter (RFC 6749 §3.3): space-delimited, each in the
 * catalogue; user.read is included unless `base` is false (a request for APIs named by resource
 * indicators asks for a token for them, not for the user's identity). Sorted and without
 * repeats. null for an unknown or malformed scope.
 */
export function parseScope(value: string | undefined, catalogue: readonly Scope[], { base = true }: { base?: boolean } = {}): string[] | null {
  const known = catalogueNames(catalogue);
  const requested = value === undefined ? [] : value.split(" ");
  const scopes = new Set(base ? [BASE_SCOPE] : []);
  for (const token of requested) {
    if (token === "") continue; // tolerate doubled spaces
    if (!SCOPE_TOKEN.test(token) || !known.has(token)) return null;
    scopes.add(token);
  }
  return [...scopes].sort();
}

/**
 * Why a scope parameter that parseScope refused was refused, for error_description: the first
 * token the catalogue does not have, named (a scope token is NQCHAR, RFC 6749 §3.3, so it can be
 * echoed; a long one is cut), or that a token has characters a scope cannot have. A token with a
 * comma is scopes separated by commas (no scope name has one), and the answer says so.
 */
export function describeScopeRefusal(value: string | undefined, catalogue: readonly Scope[]): string {
  const known = catalogueNames(catalogue);
  for (const token of (value ?? "").split(" ")) {
    if (token === "") continue;
    if (!SCOPE_TOKEN.test(token)) return "scope has a character a scope name cannot have (RFC 6749 section 3.3: printable ASCII except space, double quote and backslash)";
    if (!known.has(token)) {
      const shown = token.length > 64 ? `${token.slice(0, 64)}...` : token;
      if (token.includes(",")) return `scope ${shown} is not offered by this server: scopes are separated by spaces, not commas`;
      return `scope ${shown} is not offered by this server; the scopes it offers are in scopes_supported in the metadata`;
    }
  }
  return "scope is not valid";
}

/**
 * What a stored token still grants, read at every use: the names of its scope that the catalogue
 * has and, for an app's token, that its grant still holds. Removing a scope takes it off every
 * stored row at once (lib/db/scope-withdrawal.ts); this keeps a row written by a token request
 * that raced the removal from granting it, and a name dropped from GATEHOUSE_SCOPES_FILE inert
 * while it is gone.
 */
export function heldScopes(stored: string, catalogue: readonly Scope[], grantScope?: string): string[] {
  const known = catalogueNames(catalogue);
  const granted = grantScope === undefined ? null : new Set(grantScope.split(" "));
  return stored.split(" ").filter((s) => known.has(s) && (granted === null || granted.has(s)));
}

export function formatScope(scopes: readonly string[]): string {
  return [...scopes].sort().join(" ");
}

/** The union of two scope strings, in the stored form (sorted, space-separated, no repeats). */
export function mergeScopes(a: string, b: string): string {
  return formatScope([...new Set([...a.split(" "), ...b.split(" ")])].filter(Boolean));
}

/** True when every scope of `requested` is in `granted`. */
export function isSubset(requested: readonly string[], granted: readonly string[]): boolean {
  const set = new Set(granted);
  return requested.every((s) => set.has(s));
}

export function includesPersonalData(scopes: readonly string[], catalogue: readonly Scope[]): boolean {
  return catalogue.some((s) => s.personalData && scopes.includes(s.name));
}

/**
 * Scopes as people read them, in the catalogue's order wherever they are listed (the consent
 * screen, the account page), so the same grant reads the same everywhere. A name the catalogue
 * no longer has is kept, in words of its own name, at the end. Descriptions registered before
 * invisible characters were refused are shown without them.
 */
export function describeScopes(names: readonly string[], catalogue: readonly Scope[]): { name: string; description: string; personalData: boolean }[] {
  const wanted = new Set(names);
  const known = catalogue.filter((s) => wanted.has(s.name)).map(({ name, description, personalData }) => ({ name, description: neutralize(description), personalData }));
  const unknown = [...wanted].filter((n) => !catalogue.some((s) => s.name === n)).map((name) => ({ name, description: name, personalData: false }));
  return [...known, ...unknown];
}
