import { ERROR_CATALOGUE, invalidClient, invalidRequest, OAuthError, safeDescription } from "@/lib/oauth/errors";
import { Params } from "@/lib/oauth/params";
import { AUTHORIZATION_PAGE_HEADERS, NO_REFERRER, SECURITY_HEADERS } from "@/lib/security-headers";
import { hasControlCharacters } from "@/lib/text";

/**
 * HTTP for the protocol endpoints, as plain data: the only place an OAuthError becomes an answer
 * (RFC 6749 §5.2 JSON), form bodies are read, and methods and CORS are answered. A handler takes
 * a ProtocolRequest and returns a ProtocolAnswer; two adapters turn HTTP into these and back,
 * the route files for `next dev` (lib/route-file.ts, with WHATWG Request and Response) and the
 * HTTP front of `npm start` (server/front-server.ts, with node:http), so both serve the same
 * functions and nothing here depends on either.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Header fields by lowercase name, one string per name (RFC 9110 §5.3: a repeated field is its
 * values joined with ", "). A plain object rather than a Headers-like map: Node's parser already
 * gives the front exactly this object (IncomingMessage.headers), which it hands on as it is, and
 * a handler's read is a property lookup. Names are lowercase on both sides, as HTTP/2 sends them
 * (RFC 9113 §8.2.1), so nothing folds case at run time: the front's object and a WHATWG Headers'
 * entries are lowercase already, and an object literal with another case does not type-check.
 */
export type HeaderFields = Readonly<Record<Lowercase<string>, string | undefined>>;

/** A request to a protocol endpoint, as an adapter read it. */
export type ProtocolRequest = {
  readonly method: string;
  /** Absolute: the issuer's origin (or Next's view of the host), the path and the query. */
  readonly url: string;
  readonly headers: HeaderFields;
  /**
   * The body, read once by the adapter, and at most one byte past MAX_BODY_BYTES (enough for
   * readForm to answer 413); empty when the declared length was over the limit (then it was not
   * read at all), and for GET and HEAD.
   */
  readonly body: Uint8Array;
  /** The client's address (the socket's, or the trusted proxies' word: lib/client-ip.ts); "unknown" without the front. */
  readonly clientAddress: string;
};

/** Header fields of an answer, by lowercase name (see HeaderFields). */
export type AnswerFields = Record<Lowercase<string>, string>;

/**
 * What one request did, for the request log and the metrics (lib/observe): filled in by the
 * handlers as they learn it. Never a credential: a client ID is an identifier, not a secret.
 */
export type RequestReport = {
  /** The client ID of the app, or the API ID of the registered API, that authenticated. */
  clientId?: string;
  /** The token endpoint's grant_type, once it is one Gatehouse supports (a bounded label). */
  grantType?: string;
  /** What the request did to tokens: a code redeemed (issued), a refresh token rotated, tokens revoked. */
  tokens?: "issued" | "rotated" | "revoked";
  /** The error code (RFC 6749 §5.2, lib/oauth/errors.ts) of an error answer. */
  error?: string;
};

/** What a protocol endpoint answers: the adapters write it as it is. */
export type ProtocolAnswer = {
  status: number;
  /** Fresh for each answer: the route adds its defaults, and the rate limits their fields, in place. */
  headers: AnswerFields;
  /** Empty for a 204 (which has no content, RFC 9110 §15.3.5). */
  body: string | Uint8Array;
  /** What the request did; never sent (the HTTP front logs and counts it). */
  report?: RequestReport;
};

export type ProtocolHandler = (request: ProtocolRequest) => Promise<ProtocolAnswer>;

/** The same fields with lowercase names: for the site-wide header constants, once, where a module loads. */
export function lowercaseNames(fields: Readonly<Record<string, string>>): AnswerFields {
  const lowered: AnswerFields = {};
  for (const [name, value] of Object.entries(fields)) lowered[name.toLowerCase() as Lowercase<string>] = value;
  return lowered;
}

const JSON_TYPE = "application/json; charset=utf-8";
/** A JSON answer's fields when the caller states no caching: fresh each time (the route adds to them in place). */
const notCacheableJson = (): AnswerFields => ({ "content-type": JSON_TYPE, "cache-control": "no-store", pragma: "no-cache" });

/**
 * A JSON answer, not cacheable unless the caller says otherwise (the public metadata document).
 * Without extra fields (every success answer on the hot path) the fields are one literal.
 */
export function jsonAnswer(body: unknown, status = 200, headers?: Readonly<AnswerFields>): ProtocolAnswer {
  const text = JSON.stringify(body);
  if (headers === undefined) return { status, headers: notCacheableJson(), body: text };
  const fields: AnswerFields = Object.hasOwn(headers, "cache-control") ? { "content-type": JSON_TYPE } : notCacheableJson();
  return { status, headers: Object.assign(fields, headers), body: text };
}

/** An OAuthError as RFC 6749 §5.2 JSON; anything else is logged and answered server_error. */
export function errorAnswer(error: unknown): ProtocolAnswer {
  if (error instanceof OAuthError) {
    if (error.detail) console.warn(`gatehouse: ${error.error}: ${error.description} (${error.detail})`);
    const answer = jsonAnswer({ error: error.error, error_description: safeDescription(error.description) }, error.status, error.headers);
    answer.report = { error: error.error };
    return answer;
  }
  console.error("gatehouse: unexpected error in a protocol endpoint", error);
  const answer = jsonAnswer(
    { error: "server_error", error_description: "Gatehouse failed unexpectedly; nothing was issued. Retry later." },
    ERROR_CATALOGUE.server_error.status,
  );
  answer.report = { error: "server_error" };
  return answer;
}

/**
 * The body as text; invalid_request with status 413 past MAX_BODY_BYTES, whether the declared
 * length says so (the adapter then read none of it) or what was read is longer.
 */
function bodyText(request: ProtocolRequest): string {
  const { body } = request;
  if (Number(request.headers["content-length"] ?? "NaN") > MAX_BODY_BYTES || body.byteLength > MAX_BODY_BYTES) {
    throw invalidRequest(`the request body is larger than ${MAX_BODY_BYTES / 1024} KiB`, 413);
  }
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
}

/** The media type of the request body, lower-cased, without parameters ("" when none is declared). */
export function mediaTypeOf(request: ProtocolRequest): string {
  return (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
}

export const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";

/** The form body of a POST (RFC 6749 §3.2: application/x-www-form-urlencoded only). */
export function readForm(request: ProtocolRequest): Params {
  const mediaType = mediaTypeOf(request);
  if (mediaType === FORM_MEDIA_TYPE) return new Params(new URLSearchParams(bodyText(request)));
  if (mediaType === "") {
    // Nothing sent at all: say which parameter is missing rather than complain about a type.
    if (bodyText(request) === "") return new Params(new URLSearchParams());
    throw invalidRequest("the body must be application/x-www-form-urlencoded: send Content-Type: application/x-www-form-urlencoded with it");
  }
  const hint =
    mediaType === "application/json"
      ? ", not JSON: send the same parameters as a form (curl -d or --data-urlencode)"
      : mediaType === "multipart/form-data"
        ? ", not multipart/form-data: encode the fields as a string (in PHP, http_build_query; with curl, -d rather than -F)"
        : `, not ${mediaType.slice(0, 60)}`;
  throw invalidRequest(`the body must be application/x-www-form-urlencoded${hint}`);
}

export type BasicCredentials = { clientId: string; clientSecret: string };

/**
 * HTTP Basic client credentials: base64 of form-urlencoded id ":" secret (RFC 6749 §2.3.1).
 * undefined without an Authorization header (or with another scheme); invalid_client when malformed.
 */
export function readBasicCredentials(request: ProtocolRequest): BasicCredentials | undefined {
  const header = request.headers.authorization;
  if (!header || !/^basic\s/i.test(header)) return undefined;
  const malformed = () => invalidClient("the Basic Authorization header is malformed: send base64(urlencode(client_id):urlencode(client_secret))", true);
  const encoded = header.slice(6).trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw malformed();
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw malformed();
  try {
    const clientId = formDecode(decoded.slice(0, colon));
    const clientSecret = formDecode(decoded.slice(colon + 1));
    if (!clientId || hasControlCharacters(clientId + clientSecret)) throw malformed();
    return { clientId, clientSecret };
  } catch (error) {
    if (error instanceof OAuthError) throw error;
    throw malformed();
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

/** The methods a route file exports, each answered by a protocol route (405 for those it does not take). */
export const ROUTE_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];
/** A handler for every method a route file exports. */
export type RouteHandlers = Readonly<Record<RouteMethod, ProtocolHandler>>;
/** A protocol route as protocolRoute makes it: its handlers by method, and its Allow list. */
export type ProtocolRoute = RouteHandlers & { readonly allow: string };

type Method = "GET" | "POST";

/** The site's security headers for data, with the authorization endpoints' referrer policy. */
const DATA_HEADERS = lowercaseNames({ ...SECURITY_HEADERS, ...NO_REFERRER });

/** The fields of the authorization pages' answers (their redirects and error page), by lowercase name. */
export const AUTHORIZATION_PAGE_FIELDS: Readonly<AnswerFields> = lowercaseNames(AUTHORIZATION_PAGE_HEADERS);

/**
 * A protocol endpoint's handlers by method: the given methods, 405 with Allow and an error JSON
 * for every other one, CORS without credentials when `cors` is set (browser-based public
 * clients call these endpoints from other origins), and the site's security headers on every
 * answer, so they are the same whether Next or the HTTP front serves it. `allow` is the Allow
 * list, for the front's answer to TRACE, which no route file exports.
 */
export function protocolRoute(handlers: Partial<Record<Method, ProtocolHandler>>, options: { cors: boolean }): ProtocolRoute {
  const allowed = [...(Object.keys(handlers) as Method[]), ...(handlers.GET ? ["HEAD"] : []), ...(options.cors ? ["OPTIONS"] : [])].join(", ");
  const corsHeaders: AnswerFields = options.cors
    ? {
        "access-control-allow-origin": "*",
        "access-control-expose-headers": "WWW-Authenticate, Retry-After, RateLimit, RateLimit-Policy",
      }
    : {};
  const routeHeaders = Object.entries({ ...DATA_HEADERS, ...corsHeaders }) as [Lowercase<string>, string][];
  const preflightHeaders: AnswerFields = {
    ...corsHeaders,
    "access-control-allow-methods": allowed,
    "access-control-allow-headers": "Authorization, Content-Type",
    "access-control-max-age": "86400",
  };
  // Defaults: an answer that states a field itself keeps it. The authorization error page is
  // HTML with its own Content-Security-Policy, which lets its stylesheet load; the JSON
  // answers state none and get the data policy, which lets nothing load.
  const withHeaders = (answer: ProtocolAnswer) => {
    const { headers } = answer;
    for (const [name, value] of routeHeaders) if (!Object.hasOwn(headers, name)) headers[name] = value;
    return answer;
  };
  const notAllowed: ProtocolHandler = async () => ({
    ...jsonAnswer({ error: "invalid_request", error_description: `this endpoint accepts ${allowed}` }, 405, { allow: allowed }),
    report: { error: "invalid_request" },
  });
  const preflight: ProtocolHandler = async () => ({ status: 204, headers: { ...preflightHeaders }, body: "" });
  const wrap =
    (handler: ProtocolHandler): ProtocolHandler =>
    async (request) => {
      try {
        return withHeaders(await handler(request));
      } catch (error) {
        return withHeaders(errorAnswer(error));
      }
    };
  const route = { allow: allowed } as Record<RouteMethod, ProtocolHandler> & { allow: string };
  for (const method of ROUTE_METHODS) {
    const handler = method === "OPTIONS" && options.cors ? preflight : method === "HEAD" ? handlers.GET : handlers[method as Method];
    route[method] = wrap(handler ?? notAllowed);
  }
  return route;
}

/**
 * The handlers for any other path under /oauth/ and /.well-known/: a JSON 404 for every method,
 * with the site's security headers, naming where the endpoints are. Clients and libraries probing
 * these paths (OpenID discovery, a mistyped endpoint) get an answer they can parse, not a page.
 */
export function unknownEndpointRoute(describe: (path: string) => string): RouteHandlers {
  const answer: ProtocolHandler = async (request) =>
    jsonAnswer({ error: "not_found", error_description: safeDescription(describe(new URL(request.url).pathname)) }, ERROR_CATALOGUE.not_found.status, DATA_HEADERS);
  return Object.fromEntries(ROUTE_METHODS.map((method) => [method, answer])) as Record<RouteMethod, ProtocolHandler>;
}
