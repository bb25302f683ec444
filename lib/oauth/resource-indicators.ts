import { invalidScope, invalidTarget } from "@/lib/oauth/errors";
import type { Scope } from "@/lib/oauth/scopes";

/**
 * Resource indicators (RFC 8707): which registered APIs a token is for. A `resource` value is an
 * absolute URI without a fragment (§2), compared with the registered APIs' identifiers after
 * normalisation, so that `http://localhost:4000` and `http://localhost:4000/` name one API.
 * A token bound to APIs carries only the scopes they own, and their identifiers as its audience
 * (introspection's `aud`); user scopes in it add the issuer, whose userinfo endpoint reads them.
 */

/**
 * The one form of a resource URI: the WHATWG URL serialisation, which lower-cases the scheme and
 * host, drops the scheme's default port and writes an empty path as "/". Null for a value that is
 * not an absolute URI, or that has a fragment (RFC 8707 §2).
 */
export function normalizeResourceUri(value: string): string | null {
  if (value.includes("#") || !URL.canParse(value)) return null;
  return new URL(value).href;
}

/** A value in an error description: as URL-serialised (printable ASCII), cut like a scope in invalid_scope. */
export function shownResource(normalized: string): string {
  return normalized.length > 64 ? `${normalized.slice(0, 64)}...` : normalized;
}

/** How many resource values one request may name: more than any real client sends, few enough to bound the work. */
export const MAX_RESOURCES = 10;

const apisOf = new WeakMap<readonly Scope[], ReadonlyMap<string, readonly string[]>>();

/** The APIs of the catalogue by identifier (as the catalogue holds them: normalised), each with its scope names. */
export function catalogueApis(catalogue: readonly Scope[]): ReadonlyMap<string, readonly string[]> {
  let apis = apisOf.get(catalogue);
  if (!apis) {
    const byApi = new Map<string, string[]>();
    for (const scope of catalogue) if (scope.api !== null) byApi.set(scope.api, [...(byApi.get(scope.api) ?? []), scope.name]);
    apisOf.set(catalogue, (apis = byApi));
  }
  return apis;
}

/**
 * The resource values of a request, normalised, without repeats, in the order sent. Each must be
 * one of `allowed` (the registered APIs at authorize, the authorization's at the token endpoint);
 * else invalid_target naming it, with `notAllowed` saying why in the caller's words.
 */
export function parseResources(values: readonly string[], allowed: ReadonlySet<string>, notAllowed: string): string[] {
  if (values.length > MAX_RESOURCES) throw invalidTarget(`resource was sent ${values.length} times; send at most ${MAX_RESOURCES}`);
  const resources: string[] = [];
  for (const value of values) {
    const normalized = normalizeResourceUri(value);
    if (normalized === null) {
      throw invalidTarget(
        value.includes("#") && URL.canParse(value)
          ? "resource must not have a fragment (RFC 8707 section 2); send the API's identifier"
          : "resource must be an absolute URI (RFC 8707 section 2): the identifier of a registered API",
      );
    }
    if (!allowed.has(normalized)) throw invalidTarget(`resource ${shownResource(normalized)} ${notAllowed}`);
    if (!resources.includes(normalized)) resources.push(normalized);
  }
  return resources;
}

/** The registered APIs at authorize: any resource named must be one of them. */
export const UNKNOWN_RESOURCE = "is not an API registered with this server; send the identifier shown on the API's page in the operator area";

/**
 * At authorize (RFC 8707 §2.1): with resources named, every API scope requested belongs to one of
 * them, and each of them gets at least one of its scopes, or the request is invalid_scope saying
 * which. Without resources, anything goes, as before resource indicators.
 */
export function checkScopesForResources(scopes: readonly string[], resources: readonly string[], catalogue: readonly Scope[]): void {
  if (resources.length === 0) return;
  const owner = new Map(catalogue.map((s) => [s.name, s.api]));
  const stray = scopes.filter((s) => {
    const api = owner.get(s);
    return api != null && !resources.includes(api);
  });
  if (stray.length > 0) {
    const apis = [...new Set(stray.map((s) => owner.get(s)!))];
    throw invalidScope(
      `${stray.join(", ")} ${stray.length === 1 ? "belongs" : "belong"} to ${apis.map(shownResource).join(", ")}, which the request does not name as a resource: add resource=${shownResource(apis[0]!)} or drop the scope`,
    );
  }
  const apis = catalogueApis(catalogue);
  for (const resource of resources) {
    const own = apis.get(resource) ?? [];
    if (!own.some((s) => scopes.includes(s))) {
      throw invalidScope(`resource ${shownResource(resource)} was named without any of its scopes; request at least one of: ${own.join(" ")}`);
    }
  }
}

/** The APIs owning any of the scopes: what an authorization made without resource indicators may still be bound to. */
export function apisOwning(scopes: readonly string[], catalogue: readonly Scope[]): string[] {
  const wanted = new Set(scopes);
  return [...new Set(catalogue.filter((s) => s.api !== null && wanted.has(s.name)).map((s) => s.api!))];
}

export type BoundScope = { scope: string[]; audience: string[] | null };

/** What the token endpoint says of a resource the grant cannot be bound to. */
const NOT_OF_GRANT = "was not named at /oauth/authorize for this grant: name only resources sent there, or none for all of them";
const OWNS_NOTHING = "owns none of the scopes of this grant";

/**
 * What an access token carries (RFC 8707 §2.2). `requested` are the token request's resource
 * values; they must be among the authorization's (`recorded`) or, for an authorization made
 * without resource indicators, among the APIs owning its scopes (`grantScopes`). Naming none
 * means all the recorded ones that keep a scope of `available`. The token carries the scopes of
 * `available` those APIs own, plus its user scopes (those of no API), with the issuer joining
 * the audience when it carries any. An authorization without resources and a request naming
 * none make an unbound token (audience null) with all of `available`, as before resource
 * indicators. invalid_scope when a named resource would get none of its scopes.
 */
export function bindToken(
  available: readonly string[],
  grantScopes: readonly string[],
  requested: readonly string[],
  recorded: readonly string[],
  catalogue: readonly Scope[],
  issuer: string,
): BoundScope {
  const allowed = recorded.length > 0 ? recorded : apisOwning(grantScopes, catalogue);
  const named = parseResources(requested, new Set(allowed), recorded.length > 0 ? NOT_OF_GRANT : OWNS_NOTHING);
  if (named.length === 0 && recorded.length === 0) return { scope: [...available], audience: null };
  const owner = new Map(catalogue.map((s) => [s.name, s.api]));
  const ownedBy = (resource: string) => available.filter((s) => owner.get(s) === resource);
  const chosen = named.length > 0 ? named : recorded.filter((r) => ownedBy(r).length > 0);
  const user = available.filter((s) => owner.get(s) == null);
  const scope = [...user];
  const apis = catalogueApis(catalogue);
  for (const resource of chosen) {
    const own = ownedBy(resource);
    if (own.length === 0) {
      throw invalidScope(`the token would carry none of the scopes of resource ${shownResource(resource)}; request one of: ${(apis.get(resource) ?? []).join(" ")}`);
    }
    scope.push(...own);
  }
  if (scope.length === 0) throw invalidScope("the token would carry no scope: request a scope of the grant");
  return { scope: [...new Set(scope)].sort(), audience: user.length > 0 ? [...chosen, issuer] : chosen };
}

/** RFC 7662 §2.2 aud: a string for one audience, an array for more. */
export const audienceClaim = (audience: readonly string[]): string | string[] => (audience.length === 1 ? audience[0]! : [...audience]);
