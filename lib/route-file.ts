import { CLIENT_IP_HEADER } from "@/lib/client-ip";
import {
  errorAnswer,
  MAX_BODY_BYTES,
  ROUTE_METHODS,
  type HeaderFields,
  type ProtocolAnswer,
  type ProtocolHandler,
  type ProtocolRequest,
  type RouteHandlers,
  type RouteMethod,
} from "@/lib/oauth/http";

/**
 * The route files' side of the protocol boundary (lib/oauth/http.ts): a WHATWG Request read once
 * into a ProtocolRequest, a ProtocolAnswer written as a Response. `next dev` serves the protocol
 * endpoints through it; `npm start` serves them from its HTTP front (server/front-server.ts),
 * which does the same with node:http, and reaches it only for the routes that need Next's
 * request scope (the authorization request and the consent decision read the session cookie).
 */
export type RouteFileHandler = (request: Request) => Promise<Response>;

const NO_BODY = new Uint8Array(0);

/**
 * The body, read once: none when the declared length is over MAX_BODY_BYTES (readForm answers
 * 413 from the length), else at most one byte past it, where the stream is cancelled.
 */
async function readBody(request: Request): Promise<Uint8Array> {
  const stream = request.body;
  if (stream === null) return NO_BODY;
  if (Number(request.headers.get("content-length") ?? "NaN") > MAX_BODY_BYTES) {
    await stream.cancel().catch(() => undefined);
    return NO_BODY;
  }
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** The fields of a WHATWG Headers, whose names are lowercase and whose repeated fields are joined already. */
function fieldsOf(headers: Headers): HeaderFields {
  const fields: Record<Lowercase<string>, string> = {};
  headers.forEach((value, name) => (fields[name as Lowercase<string>] = value));
  return fields;
}

/** A route file's request as the protocol handlers read it; the client's address is the one the front set, if any. */
export async function readProtocolRequest(request: Request): Promise<ProtocolRequest> {
  return {
    method: request.method,
    url: request.url,
    headers: fieldsOf(request.headers),
    body: await readBody(request),
    clientAddress: request.headers.get(CLIENT_IP_HEADER) ?? "unknown",
  };
}

/**
 * An answer as a Response. An empty body is none: a Response with one of Fetch's null body
 * statuses (204) cannot carry even an empty one, and an empty string would get a
 * Content-Type: text/plain the answer never stated (a redirect's, say).
 */
export function toResponse(answer: ProtocolAnswer): Response {
  const body = answer.body.length === 0 ? null : (answer.body as string | Uint8Array<ArrayBuffer>);
  return new Response(body, { status: answer.status, headers: answer.headers });
}

/** One method of a route file. */
export function routeFileHandler(handler: ProtocolHandler): RouteFileHandler {
  return async (request) => {
    let answer: ProtocolAnswer;
    try {
      answer = await handler(await readProtocolRequest(request));
    } catch (error) {
      // A body that could not be read (the client went away); the handlers themselves answer their errors.
      answer = errorAnswer(error);
    }
    return toResponse(answer);
  };
}

/** A route file's exports: every method of a protocol route. */
export function routeFile(handlers: RouteHandlers): Record<RouteMethod, RouteFileHandler> {
  const file = {} as Record<RouteMethod, RouteFileHandler>;
  for (const method of ROUTE_METHODS) file[method] = routeFileHandler(handlers[method]);
  return file;
}
