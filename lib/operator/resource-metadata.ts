import { z } from "zod";
import { apiIdentifierProblem } from "@/lib/operator/schemas";

/**
 * What a registered API should publish about itself (RFC 9728, OAuth 2.0 Protected Resource
 * Metadata) so a client that meets the API first learns which authorization server issues its
 * tokens and which scopes it takes. Gatehouse does not serve these documents: the API does, from
 * its own host, so the operator area shows each API what to serve, where, and the challenge
 * that points clients at it.
 */

/** RFC 9728 §3 (and its IANA registration, §8.3): the well-known URI suffix of the document. */
export const RESOURCE_METADATA_SUFFIX = "oauth-protected-resource";

/** RFC 9728 §2 `bearer_methods_supported` values: RFC 6750 §2.1 (header), §2.2 (body), §2.3 (query). */
const BEARER_METHODS = ["header", "body", "query"] as const;

/** RFC 9728 §3.2: "Parameters with zero values MUST be omitted from the response." */
const someOf = <T extends z.ZodType>(item: T) => z.array(item).min(1, "a member with no values is omitted (RFC 9728 §3.2), never an empty array");

const absoluteUrl = z.string().refine((value) => URL.canParse(value) && !value.includes("#"), "an absolute URL without a fragment");

/**
 * The members of an RFC 9728 §2 document Gatehouse's APIs publish, as a client reads them (other
 * members are allowed by the RFC and dropped here). `resource` is an API identifier as Gatehouse
 * takes them: https (http only on loopback), no fragment, no query (RFC 8707 §2).
 */
export const protectedResourceMetadataSchema = z.object({
  resource: z.string().refine((value) => apiIdentifierProblem(value) === null, "an https URL without a query or a fragment (http only on loopback)"),
  authorization_servers: someOf(absoluteUrl).optional(),
  scopes_supported: someOf(z.string().min(1)).optional(),
  // RFC 9728 §2: here, unlike any other member, [] means something: no method is supported.
  bearer_methods_supported: z.array(z.enum(BEARER_METHODS)).optional(),
  resource_name: z.string().min(1).optional(),
});
export type ProtectedResourceMetadata = z.infer<typeof protectedResourceMetadataSchema>;

/** A registered API as its document describes it. */
export type DescribedApi = { identifier: string; name: string; scopes: readonly string[] };

/**
 * The protected resource metadata document an API serves: its identifier (as registered: the
 * value clients send as `resource`, RFC 8707 §2), Gatehouse as the one authorization server, its
 * scopes, the header as the one way to send a token, and its name for people.
 * @see RFC 9728 §2
 */
export function protectedResourceMetadata(api: DescribedApi, issuer: string): ProtectedResourceMetadata {
  return {
    resource: api.identifier,
    // RFC 9728 §2: issuer identifiers (RFC 8414 §2), from which clients find the metadata.
    authorization_servers: [issuer],
    // RFC 9728 §3.2: an API without scopes yet omits the member rather than sending [].
    ...(api.scopes.length > 0 ? { scopes_supported: [...api.scopes] } : {}),
    // The Authorization header only (RFC 6750 §2.1): the examples read nothing else, and a token
    // in a URL ends up in logs (RFC 6750 §5.3: "Don't pass bearer tokens in page URLs").
    bearer_methods_supported: ["header"],
    resource_name: api.name,
  };
}

/**
 * Where the API serves its document: the well-known string inserted between the host and the
 * path of its identifier. A path of "/" leaves the host alone (RFC 9728 §3.1's first example);
 * a terminating slash is removed before the path is appended, as RFC 9728 §3.1 and RFC 8414 §3.1
 * say and clients such as the MCP SDK do. Scheme and host come out lower-case, without a default
 * port (the URL parser's serialization, RFC 3986 §6.2.2, §6.2.3).
 * @see RFC 9728 §3, §3.1
 */
export function protectedResourceMetadataUrl(identifier: string): string {
  const url = new URL(identifier);
  const path = url.pathname.replace(/\/$/, "");
  return `${url.origin}/.well-known/${RESOURCE_METADATA_SUFFIX}${path}${url.search}`;
}

/** RFC 6750 §3.1 error codes. */
export type BearerErrorCode = "invalid_request" | "invalid_token" | "insufficient_scope";
export type BearerRefusal = { error: BearerErrorCode; description?: string; scope?: string };

/**
 * The `WWW-Authenticate` value of an API that refuses a request: `resource_metadata` (RFC 9728
 * §5.1) tells the client where the document is, and the RFC 6750 §3 members say what went wrong.
 * Without a refusal it is the answer to a request with no token at all, which carries no error
 * code (RFC 6750 §3.1).
 * @see RFC 9728 §5.1, RFC 6750 §3
 */
export function bearerChallenge(metadataUrl: string, refusal?: BearerRefusal): string {
  const params: [string, string | undefined][] = [
    ["resource_metadata", metadataUrl],
    ["error", refusal?.error],
    ["error_description", refusal?.description],
    ["scope", refusal?.scope],
  ];
  const shown = params.filter((entry): entry is [string, string] => entry[1] !== undefined);
  for (const [name, value] of shown) {
    // RFC 6750 §3: quoted-string values of printable ASCII without '"' and '\' (its NQSCHAR).
    if (!/^[\x20\x21\x23-\x5B\x5D-\x7E]*$/.test(value)) throw new TypeError(`${name} must be printable ASCII without '"' or '\\' (RFC 6750 §3)`);
  }
  return `Bearer ${shown.map(([name, value]) => `${name}="${value}"`).join(", ")}`;
}

/** One way an API refuses a request, as the operator area shows it. */
export type ApiRefusal = { when: string; status: 401 | 403; challenge: string };

/** Everything the operator area shows an API about RFC 9728: the document, where, and the challenges that point to it. */
export type ResourceMetadataGuide = { url: string; document: ProtectedResourceMetadata; json: string; refusals: ApiRefusal[] };

/** What an API serves and answers, for the operator area's API page. */
export function resourceMetadataGuide(api: DescribedApi, issuer: string): ResourceMetadataGuide {
  const document = protectedResourceMetadata(api, issuer);
  const url = protectedResourceMetadataUrl(api.identifier);
  const refusals: ApiRefusal[] = [
    { when: "No token in the request", status: 401, challenge: bearerChallenge(url) },
    {
      when: "The token is not active for this API (unknown, expired, revoked, or for another API)",
      status: 401,
      challenge: bearerChallenge(url, { error: "invalid_token", description: "the token is not active for this API" }),
    },
  ];
  const scope = api.scopes[0];
  if (scope !== undefined) {
    refusals.push({
      when: `The token lacks the route's scope (here ${scope})`,
      status: 403,
      challenge: bearerChallenge(url, { error: "insufficient_scope", description: `this route needs the ${scope} scope`, scope }),
    });
  }
  return { url, document, json: JSON.stringify(document, null, 2), refusals };
}
