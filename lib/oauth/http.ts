import { AsyncLocalStorage } from "node:async_hooks";
import { ERROR_CATALOGUE, invalidClient, invalidRequest, OAuthError, safeDescription } from "@/lib/oauth/errors";
import { Params } from "@/lib/oauth/params";
import { NO_REFERRER, SECURITY_HEADERS } from "@/lib/security-headers";
import { hasControlCharacters } from "@/lib/text";

/**
 * HTTP for the protocol endpoints: the only place an OAuthError becomes a response (RFC 6749
 * §5.2 JSON), form bodies are read, and methods and CORS are answered. Plain Request in,
 * Response out: no Next.js request-scope API, so a thin Node front can serve the same functions.
 */
export const MAX_BODY_BYTES = 64 * 1024;

export const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

/**
 * Side channels for the HTTP front (server/front.ts), which already holds a request's body as
 * bytes and writes a response's body to a socket: going through the WHATWG streams instead cost
 * a measurable share of every protocol request. Next's route files never use them: a Request
 * without an entry is read from its stream, and a Response is sent as Next sends it.
 */
const preReadBodies = new WeakMap<Request, Uint8Array>();
const responseTexts = new WeakMap<Response, string>();
/** Set while the front runs a handler: the JSON answers it makes need no body stream at all. */
const forTheFront = new AsyncLocalStorage<true>();

/**
 * Runs a handler for the front, which sends a JSON answer's text (responseText) itself: the
 * answers made meanwhile carry no body stream (making one cost about 6% of a userinfo request).
 */
export function answerForTheFront<T>(handler: () => T): T {
  return forTheFront.run(true, handler);
}

/** The front's Request for a body it has read already (at most one byte past the limit). */
export function requestWithBody(url: string, init: { method: string; headers: HeadersInit }, body: Uint8Array): Request {
  const request = new Request(url, init);
  preReadBodies.set(request, body);
  return request;
}

/** The text of a JSON response made here, for the front to write without reading the stream. */
export function responseText(response: Response): string | undefined {
  return responseTexts.get(response);
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  // Not cacheable unless the caller says otherwise (the public metadata document).
  const response = new Response(forTheFront.getStore() ? null : text, {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...("Cache-Control" in headers ? {} : NO_STORE), ...headers },
  });
  responseTexts.set(response, text);
  return response;
}

/** An OAuthError as RFC 6749 §5.2 JSON; anything else is logged and answered server_error. */
export function errorResponse(error: unknown): Response {
  if (error instanceof OAuthError) {
    if (error.detail) console.warn(`gatehouse: ${error.error}: ${error.description} (${error.detail})`);
    return jsonResponse({ error: error.error, error_description: safeDescription(error.description) }, error.status, error.headers);
  }
  console.error("gatehouse: unexpected error in a protocol endpoint", error);
  return jsonResponse(
    { error: "server_error", error_description: "Gatehouse failed unexpectedly; nothing was issued. Retry later." },
    ERROR_CATALOGUE.server_error.status,
  );
}

/** Reads at most `limit` bytes of the body; a larger body is invalid_request with status 413. */
async function readBody(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  const tooLarge = () => invalidRequest(`the request body is larger than ${limit / 1024} KiB`, 413);
  if (declared > limit) throw tooLarge();
  const preRead = preReadBodies.get(request);
  if (preRead) {
    if (preRead.byteLength > limit) throw tooLarge();
    return Buffer.from(preRead.buffer, preRead.byteOffset, preRead.byteLength).toString("utf8");
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The media type of the request body, lower-cased, without parameters ("" when none is declared). */
export function mediaTypeOf(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

export const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";

/** The form body of a POST (RFC 6749 §3.2: application/x-www-form-urlencoded only). */
export async function readForm(request: Request): Promise<Params> {
  const mediaType = mediaTypeOf(request);
  if (mediaType === FORM_MEDIA_TYPE) return new Params(new URLSearchParams(await readBody(request, MAX_BODY_BYTES)));
  if (mediaType === "") {
    // Nothing sent at all: say which parameter is missing rather than complain about a type.
    if ((await readBody(request, MAX_BODY_BYTES)) === "") return new Params(new URLSearchParams());
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
export function readBasicCredentials(request: Request): BasicCredentials | undefined {
  const header = request.headers.get("authorization");
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

type Handler = (request: Request) => Promise<Response>;
type Method = "GET" | "POST";
const ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/**
 * Route exports for a protocol endpoint: the given methods, 405 with Allow and an error JSON
 * for every other one, CORS without credentials when `cors` is set (browser-based public
 * clients call these endpoints from other origins), and the site's security headers on every
 * answer, so they are the same whether Next or the HTTP front serves it. `allow` is the Allow
 * list, for the front's answer to TRACE, which a WHATWG Request cannot carry.
 */
export function protocolRoute(handlers: Partial<Record<Method, Handler>>, options: { cors: boolean }) {
  const allowed = [...(Object.keys(handlers) as Method[]), ...(handlers.GET ? ["HEAD"] : []), ...(options.cors ? ["OPTIONS"] : [])];
  const corsHeaders: Record<string, string> = options.cors
    ? {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "WWW-Authenticate, Retry-After, RateLimit, RateLimit-Policy",
      }
    : {};
  const routeHeaders = Object.entries({ ...SECURITY_HEADERS, ...NO_REFERRER, ...corsHeaders });
  // Defaults: an answer that states a header itself keeps it. The authorization error page is
  // HTML with its own Content-Security-Policy, which lets its stylesheet load; the JSON
  // answers state none and get the data policy, which lets nothing load.
  const withHeaders = (response: Response) => {
    for (const [k, v] of routeHeaders) if (!response.headers.has(k)) response.headers.set(k, v);
    return response;
  };
  const notAllowed: Handler = async () =>
    jsonResponse({ error: "invalid_request", error_description: `this endpoint accepts ${allowed.join(", ")}` }, 405, {
      Allow: allowed.join(", "),
    });
  const preflight: Handler = async () =>
    new Response(null, {
      status: 204,
      headers: {
        ...corsHeaders,
        "Access-Control-Allow-Methods": allowed.join(", "),
        "Access-Control-Allow-Headers": "Authorization, Content-Type",
        "Access-Control-Max-Age": "86400",
      },
    });
  const wrap = (handler: Handler): Handler => async (request) => {
    try {
      return withHeaders(await handler(request));
    } catch (error) {
      return withHeaders(errorResponse(error));
    }
  };
  const route = {} as Record<(typeof ALL_METHODS)[number], Handler>;
  for (const method of ALL_METHODS) {
    const handler =
      method === "OPTIONS" && options.cors ? preflight : method === "HEAD" ? handlers.GET : handlers[method as Method];
    route[method] = wrap(handler ?? notAllowed);
  }
  return Object.assign(route, { allow: allowed.join(", ") });
}

/**
 * Route exports for any other path under /oauth/ and /.well-known/: a JSON 404 for every method,
 * with the site's security headers, naming where the endpoints are. Clients and libraries probing
 * these paths (OpenID discovery, a mistyped endpoint) get an answer they can parse, not a page.
 */
export function unknownEndpointRoute(describe: (path: string) => string) {
  const answer: Handler = async (request) => {
    const response = jsonResponse({ error: "not_found", error_description: safeDescription(describe(new URL(request.url).pathname)) }, ERROR_CATALOGUE.not_found.status);
    for (const [k, v] of Object.entries({ ...SECURITY_HEADERS, ...NO_REFERRER })) response.headers.set(k, v);
    return response;
  };
  return Object.fromEntries(ALL_METHODS.map((method) => [method, answer])) as Record<(typeof ALL_METHODS)[number], Handler>;
}
