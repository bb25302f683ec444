// The HTTP front as a node:http server: what it answers itself (framing, methods, targets,
// sizes, slow and too many connections), the protocol endpoints it serves by calling their
// plain-data handlers (lib/oauth/http.ts: a ProtocolRequest in, a ProtocolAnswer out, no WHATWG
// Request or Response on the way), and the rest it hands to Next. server/front.ts starts
// it with Next's request handler and the protocol routes; the unit tests start it with fakes.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import net, { type Socket } from "node:net";
import path from "node:path";
// Next's own reader of the header (it throws while rendering a page, after the proxy has run).
import { parseAndValidateFlightRouterState } from "next/dist/server/app-render/parse-and-validate-flight-router-state.js";
import { authActionMethods } from "@/lib/auth/auth-route-guard";
import { budgetAddress } from "@/lib/client-ip";
import { errorAnswer, MAX_BODY_BYTES, type HeaderFields, type ProtocolAnswer, type ProtocolRoute, type RequestReport, type RouteMethod } from "@/lib/oauth/http";
import { REQUEST_ID_HEADER } from "@/lib/observe/request-id";
import { SECURITY_HEADERS } from "@/lib/security-headers";

/**
 * How long the front waits on a client, stated rather than left at Node's defaults (headers 60 s,
 * a whole request 300 s, no idle limit), which let a client that sends one byte a second hold a
 * connection for minutes. A request's head must arrive within `headersMs` and the whole request
 * within `requestMs` (both answered 408); a connection with nothing moving either way for
 * `idleMs` is closed, between keep-alive requests too.
 */
export const FRONT_TIMEOUTS = { headersMs: 10_000, requestMs: 30_000, idleMs: 60_000 } as const;
export type FrontTimeouts = { headersMs: number; requestMs: number; idleMs: number };

/** The largest body a page takes (its forms, server actions and sign-in): the protocol endpoints' limit. */
export const PAGE_BODY_BYTES = MAX_BODY_BYTES;

/**
 * The methods HTTP defines (RFC 9110 §9, PATCH in RFC 5789). A path that does not take one of
 * them answers 405 with Allow; any other method, which no path here takes, is 501 (RFC 9110
 * §15.6.2): a server that does not recognize a method answers so.
 */
const DEFINED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]);
/** What every path Next serves takes: pages, their forms and server actions, next-auth. */
const PAGE_METHODS = "GET, HEAD, POST";
/** The methods a page path takes: next-auth's actions each their own (lib/auth/auth-route-guard.ts), the rest PAGE_METHODS. */
function pageMethods(path: string): string {
  if (!path.startsWith("/api/auth/")) return PAGE_METHODS;
  return authActionMethods(path.slice("/api/auth/".length).split("/")) ?? PAGE_METHODS;
}
/** Built assets and files of public/. */
const FILE_METHODS = "GET, HEAD";

export type { ProtocolRoute };

/** One answered request, as the front hands it to the request log and the metrics. */
export type Observation = {
  requestId: string;
  method: string;
  /** A name from the route table (routeNames), or what kind of request it was: never the raw path. */
  route: string;
  status: number;
  /** From the request's arrival to the end of its answer. */
  seconds: number;
  report: RequestReport | undefined;
};

/** The route labels of paths the front does not name in routeNames, by kind (bounded, whatever the path). */
const OTHER_ROUTES = { protocol: "protocol", file: "asset", front: "front" } as const;

/** Route labels of pages Next serves, by path prefix; the rest are "page". */
const PAGE_ROUTES: readonly [string, string][] = [
  ["/oauth/authorize", "authorization"],
  ["/oauth/consent", "consent"],
  ["/oauth/end-session", "end_session"],
  ["/api/auth/", "sign_in"],
  ["/_next/", "asset"],
];
const pageRoute = (path: string) => PAGE_ROUTES.find(([prefix]) => path.startsWith(prefix))?.[1] ?? "page";

export type FrontOptions = {
  /** The issuer's origin: protocol requests are built on it, and an absolute-form target must name its host. */
  origin: string;
  routes: ReadonlyMap<string, ProtocolRoute>;
  /** The path of the metadata document, whose answer the front keeps while `metadataVersion()` stays the same. */
  metadataPath: string;
  metadataVersion: () => Promise<unknown>;
  /** Paths of public/ files, served as they are. */
  files: ReadonlySet<string>;
  handleWithNext: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /**
   * Called first for every request: returns the client's address (the socket's, or what trusted
   * proxies say), which the protocol handlers get as clientAddress. Without it, the socket's.
   */
  onRequest?: (req: IncomingMessage) => string;
  /** Headers every answer carries (HSTS for an https issuer). */
  headers?: Record<string, string>;
  /** The most connections one socket address (an IPv6 /64) may hold open; 0 for no cap (behind trusted proxies). */
  maxConnectionsPerAddress: number;
  timeouts?: FrontTimeouts;
  /** The route label of each route's path, for observe (the endpoint's name: "token", "readyz"). */
  routeNames?: ReadonlyMap<string, string>;
  /** The request's id (X-Request-Id on its answer, and on the request Next sees); a fresh UUID without it. */
  requestId?: (req: IncomingMessage) => string;
  /** Called once a request's answer is written (not for a request whose client went away first). */
  observe?: (observation: Observation) => void;
};

/** The front's HTTP server, with the graceful end of a shutdown. */
export type FrontServer = http.Server & {
  /**
   * Stops accepting connections and lets what is in flight finish: from now on every answer
   * carries `Connection: close`, so a keep-alive client reconnects (to another instance) after its
   * current answer, and connections idle for IDLE_CLOSE_MS are closed. Resolves once every
   * connection is closed.
   */
  closeGracefully(): Promise<void>;
};

/**
 * How long, once the server stops accepting, a connection may sit idle before the front closes
 * it. Not at once: a keep-alive client's next request may be on its way in the microseconds
 * between two requests, and closing under it would cut a request already sent. Any request that
 * arrives meanwhile is answered, with `Connection: close`.
 */
export const IDLE_CLOSE_MS = 500;

/** The public/ files of a checkout, as request paths. */
export function publicFiles(root: string): Set<string> {
  const files = new Set<string>();
  const walk = (dir: string, prefix: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else files.add(`${prefix}${entry.name}`);
    }
  };
  walk(path.join(root, "public"), "/");
  return files;
}

/**
 * Paths answered as data (JSON errors); every other path is a page, answered in plain text. A
 * request the parser could not read has no path: its client is no browser, it gets JSON.
 */
const isDataPath = (path: string | null) =>
  path === null || ((path.startsWith("/oauth/") && !BROWSER_PATHS.some((prefix) => path.startsWith(prefix))) || path.startsWith("/.well-known/") || path.startsWith("/api/"));
/** Under /oauth/ but pages a browser shows: the authorization request, the consent form's decision and the sign-out (RP-Initiated Logout). */
const BROWSER_PATHS = ["/oauth/authorize", "/oauth/consent", "/oauth/end-session"];

type Answer = { status: number; headers: Record<string, string>; body: string; error?: string };

/**
 * An answer the front makes itself: an RFC 6749 §5.2 error object on data paths, a sentence on
 * pages, with the security headers of a data response either way (nothing in it may load).
 */
function frontAnswer(status: number, path: string | null, description: string, error = "invalid_request", headers: Record<string, string> = {}): Answer {
  const json = isDataPath(path);
  return {
    status,
    headers: {
      ...SECURITY_HEADERS,
      "Cache-Control": "no-store",
      "Content-Type": json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
      ...headers,
    },
    body: json ? JSON.stringify({ error, error_description: description }) : `${description}\n`,
    error,
  };
}

/** The answer as bytes for a socket Node's HTTP parser gave up on (or a CONNECT): the connection closes after it. */
function rawAnswer(answer: Answer, extra: Record<string, string>): string {
  const headers = { ...extra, ...answer.headers, "X-Request-Id": randomUUID(), "Content-Length": String(Buffer.byteLength(answer.body)), Connection: "close" };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${answer.status} ${http.STATUS_CODES[answer.status] ?? ""}\r\n${lines.join("\r\n")}\r\n\r\n${answer.body}`;
}

/** What the front answers before routing, or null when the request goes on. */
export function earlyAnswer(method: string, path: string, headers: IncomingMessage["headers"], route: ProtocolRoute | undefined, kind: "protocol" | "file" | "page"): Answer | null {
  if (!DEFINED_METHODS.has(method)) return frontAnswer(501, path, `the method ${method.slice(0, 20)} is not one this server knows`);
  if (route && !Object.hasOwn(route, method)) return frontAnswer(405, path, `this endpoint accepts ${route.allow}`, "invalid_request", { Allow: route.allow });
  if (kind === "file" && method !== "GET" && method !== "HEAD") return frontAnswer(405, path, `this file is read with ${FILE_METHODS}`, "invalid_request", { Allow: FILE_METHODS });
  if (kind === "page") {
    const allow = pageMethods(path);
    if (!allow.split(", ").includes(method)) return frontAnswer(405, path, `this path accepts ${allow}`, "invalid_request", { Allow: allow });
  }
  if (kind === "page" && headers["next-router-state-tree"] !== undefined && !readsAsRouterState(headers["next-router-state-tree"])) {
    return frontAnswer(400, path, "the Next-Router-State-Tree header could not be read");
  }
  if (method === "GET" || method === "HEAD") return null;
  // The declared length is checked before a byte of the body is read: a client announcing more
  // than the limit gets its 413 at once, not after the front has waited for the body. A protocol
  // route is called without the body (serveProtocol) and answers as its route file does, with
  // its CORS and RateLimit fields.
  const declared = headers["content-length"];
  if (kind !== "protocol" && declaresTooLarge(headers)) {
    const description = isDataPath(path)
      ? `the request body is larger than ${MAX_BODY_BYTES / 1024} KiB`
      : `Request too large: the form sent more than ${MAX_BODY_BYTES / 1024} KiB, so nothing was done. Go back and try again.`;
    return frontAnswer(413, path, description, "invalid_request", { Connection: "close" });
  }
  // Next reads a page's body whole before its own limit applies: only a body of known length goes to it.
  if (kind === "page" && declared === undefined && headers["transfer-encoding"] !== undefined) {
    return frontAnswer(411, path, "a request body sent to a page needs a Content-Length", "invalid_request", { Connection: "close" });
  }
  return null;
}

function declaresTooLarge(headers: IncomingMessage["headers"]): boolean {
  const declared = headers["content-length"];
  return declared !== undefined && Number(declared) > MAX_BODY_BYTES;
}

function readsAsRouterState(header: string | string[]): boolean {
  try {
    parseAndValidateFlightRouterState(header);
    return true;
  } catch {
    return false;
  }
}

/**
 * The request target as a path and query (RFC 9112 §3.2): origin form as it is; absolute form
 * only for the issuer's own host, rewritten to origin form (Next would redirect to the named
 * host); asterisk form only for OPTIONS. Null for anything else.
 */
export function originFormOf(target: string, method: string, issuerHost: string): string | null {
  if (target.startsWith("/")) return target;
  if (target === "*") return method === "OPTIONS" ? "*" : null;
  if (!/^https?:\/\//i.test(target)) return null;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null;
  }
  return url.host === issuerHost ? url.pathname + url.search : null;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return;
      chunks.push(chunk);
      size += chunk.length;
      // One byte past the limit is enough for the handler to answer 413; the rest is read and dropped.
      if (size > MAX_BODY_BYTES) resolve(Buffer.concat(chunks));
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const NO_BODY = Buffer.alloc(0);

/**
 * The request's fields as the handlers read them (HeaderFields): Node's own object, whose names
 * are lowercase and whose repeated fields are joined, but for Set-Cookie, which Node keeps as a
 * list (RFC 9110 §5.3 allows no joining of it). No request needs one and no handler reads one:
 * it is left out, and the object is handed on as it is in every other case.
 */
function fieldsOf(req: IncomingMessage): HeaderFields {
  if (req.headers["set-cookie"] === undefined) return req.headers as HeaderFields;
  const fields = { ...req.headers };
  delete fields["set-cookie"];
  return fields as HeaderFields;
}

/**
 * Writes an answer: a body of known length in one write with the head (Node joins them), with a
 * Content-Length, which spares the chunked framing. A 204 has neither (RFC 9110 §8.6), and the
 * answer to HEAD has the GET answer's fields without its body or length.
 */
function send(res: ServerResponse, answer: ProtocolAnswer, head: boolean): void {
  const { headers, body } = answer;
  if (head || answer.status === 204) {
    res.writeHead(answer.status, headers);
    res.end();
    return;
  }
  headers["content-length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength);
  res.writeHead(answer.status, headers);
  res.end(body);
}

function sendAnswer(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, { ...answer.headers, "Content-Length": String(Buffer.byteLength(answer.body)) });
  res.end(answer.body);
}

export function createFrontServer(options: FrontOptions): FrontServer {
  const { origin, routes, metadataPath, files, handleWithNext, maxConnectionsPerAddress, observe } = options;
  const routeNames = options.routeNames ?? new Map<string, string>();
  const timeouts = options.timeouts ?? FRONT_TIMEOUTS;
  const issuerHost = new URL(origin).host;
  const extraHeaders = Object.entries(options.headers ?? {});

  /** A protocol request read into a ProtocolRequest (its body once, bounded), its handler's answer written as it is. */
  async function serveProtocol(route: ProtocolRoute, method: RouteMethod, target: string, clientAddress: string, req: IncomingMessage, res: ServerResponse): Promise<ProtocolAnswer | undefined> {
    let answer: ProtocolAnswer;
    try {
      let body: Buffer = NO_BODY;
      if (method !== "GET" && method !== "HEAD" && declaresTooLarge(req.headers)) {
        // Not read at all: the handler sees the declared length and answers 413 at once; the
        // connection then closes, the rest of the body unread.
        res.setHeader("Connection", "close");
      } else if (method !== "GET" && method !== "HEAD") {
        // A body that stops coming is the request timeout's (answered 408 in clientError): nothing to log or send here.
        const read = await readBody(req).catch(() => undefined);
        if (read === undefined) return undefined;
        body = read;
      }
      answer = await route[method]({ method, url: origin + target, headers: fieldsOf(req), body, clientAddress });
    } catch (error) {
      answer = errorAnswer(error);
    }
    send(res, answer, method === "HEAD");
    return answer;
  }

  /** The metadata route's last 200 answer, as sent, and the version of the catalogue it was made from. */
  let metadataAnswer: { version: unknown; head: Record<string, string>; get: Record<string, string>; body: string | Uint8Array } | null = null;

  /**
   * The metadata document is the same for everyone while the scope catalogue stays the same (it
   * is served `Cache-Control: public` for that reason): the front sends the route's last answer
   * again, byte for byte, until the catalogue changes. An answer other than 200 is never kept.
   */
  async function serveMetadata(route: ProtocolRoute, method: "GET" | "HEAD", clientAddress: string, res: ServerResponse): Promise<Pick<ProtocolAnswer, "status" | "report">> {
    try {
      const version = await options.metadataVersion();
      let kept = metadataAnswer;
      if (kept === null || kept.version !== version) {
        const answer = await route.GET({ method: "GET", url: origin + metadataPath, headers: {}, body: NO_BODY, clientAddress });
        if (answer.status !== 200) {
          send(res, answer, method === "HEAD");
          return answer;
        }
        const { headers: head, body } = answer;
        const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
        kept = metadataAnswer = { version, head, get: { ...head, "content-length": String(length) }, body };
      }
      res.writeHead(200, method === "HEAD" ? kept.head : kept.get);
      res.end(method === "HEAD" ? undefined : kept.body);
      return { status: 200 };
    } catch (error) {
      const answer = errorAnswer(error);
      send(res, answer, method === "HEAD");
      return answer;
    }
  }

  /** Once the server stops accepting: every answer closes its connection. */
  let closing = false;

  // Connections open per socket address, and the ones past the cap, which are answered 429.
  const openConnections = new Map<string, number>();
  const overCap = new WeakSet<Socket>();
  /** The last response on each socket: a request that times out after its answer began is only closed. */
  const inFlight = new WeakMap<Socket, ServerResponse>();

  const server = http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.idleMs,
      // Node checks the two timeouts above on this interval (30 s by default, which would let a
      // 10 s limit run to 40 s).
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
    },
    (req, res) => {
      const started = performance.now();
      const requestId = options.requestId?.(req) ?? randomUUID();
      // Next's pages read it from the request (the authorization error page shows it).
      req.headers[REQUEST_ID_HEADER] = requestId;
      res.setHeader(REQUEST_ID_HEADER, requestId);
      if (closing) res.setHeader("connection", "close");
      const clientAddress = options.onRequest?.(req) ?? req.socket.remoteAddress ?? "unknown";
      for (const [name, value] of extraHeaders) res.setHeader(name, value);
      inFlight.set(req.socket, res);
      const method = req.method ?? "";
      const observed = (route: string, status: number, report: RequestReport | undefined) =>
        observe?.({ requestId, method, route, status, seconds: (performance.now() - started) / 1000, report });
      const answerHere = (answer: Answer, route: string) => {
        sendAnswer(res, answer);
        observed(route, answer.status, answer.error === undefined ? undefined : { error: answer.error });
      };
      const target = originFormOf(req.url ?? "", method, issuerHost);
      const path = (target ?? "/").split("?", 1)[0]!;
      if (overCap.has(req.socket)) {
        return answerHere(frontAnswer(429, path, `too many connections from this address: at most ${maxConnectionsPerAddress} at once`, "too_many_requests", { "Retry-After": "1", Connection: "close" }), OTHER_ROUTES.front);
      }
      if (target === null) {
        return answerHere(frontAnswer(400, path, "the request target must be a path on this server (or, for OPTIONS, *)", "invalid_request", { Connection: "close" }), OTHER_ROUTES.front);
      }
      if (target === "*") return answerHere({ status: 204, headers: { Allow: "GET, HEAD, POST, OPTIONS" }, body: "" }, OTHER_ROUTES.front);
      const route = routes.get(path);
      const kind = route ? "protocol" : path.startsWith("/_next/static/") || files.has(path) ? "file" : "page";
      const routeName = route ? (routeNames.get(path) ?? OTHER_ROUTES.protocol) : kind === "file" ? OTHER_ROUTES.file : pageRoute(path);
      const early = earlyAnswer(method, path, req.headers, route, kind);
      if (early) return answerHere(early, routeName);
      req.url = target;
      if (route && path === metadataPath && (method === "GET" || method === "HEAD")) {
        void serveMetadata(route, method, clientAddress, res).then((answer) => observed(routeName, answer.status, answer.report));
        return;
      }
      if (route) {
        void serveProtocol(route, method as RouteMethod, target, clientAddress, req, res).then((answer) => answer && observed(routeName, answer.status, answer.report));
        return;
      }
      if (observe) res.once("finish", () => observed(routeName, res.statusCode, undefined));
      void handleWithNext(req, res);
    },
  ) as FrontServer;
  server.timeout = timeouts.idleMs;

  /** Every open connection, for the graceful close to reach the answers in flight on them. */
  const connections = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    connections.add(socket);
    socket.once("close", () => connections.delete(socket));
    if (maxConnectionsPerAddress === 0) return;
    // Counted as the rate limits count addresses: an IPv6 /64 is one customer.
    const address = budgetAddress(socket.remoteAddress ?? "");
    const count = (openConnections.get(address) ?? 0) + 1;
    openConnections.set(address, count);
    if (count > maxConnectionsPerAddress) overCap.add(socket);
    socket.once("close", () => {
      const left = (openConnections.get(address) ?? 1) - 1;
      if (left === 0) openConnections.delete(address);
      else openConnections.set(address, left);
    });
  });

  // What Node's parser cannot read is answered here, not with Node's bare 400 (or a closed socket).
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    // The socket's last response: one still being written cannot be followed by an answer; a finished one is over.
    const response = inFlight.get(socket);
    const answering = response !== undefined && response.headersSent && !response.writableFinished;
    if (!socket.writable || error.code === "ECONNRESET" || answering) return void socket.destroy();
    const [status, description] =
      error.code === "HPE_INVALID_METHOD"
        ? [501, "the request's method is not one this server knows"]
        : error.code === "HPE_HEADER_OVERFLOW"
          ? [431, "the request's header fields are larger than 16 KiB"]
          : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
            ? [408, `the request did not arrive in time: its header fields must arrive within ${timeouts.headersMs / 1000} s and the whole request within ${timeouts.requestMs / 1000} s`]
            : [400, "the request could not be read as HTTP/1.1"];
    socket.end(rawAnswer(frontAnswer(status, null, description), options.headers ?? {}));
  });

  // CONNECT (RFC 9110 §9.3.6) asks for a tunnel: this server is no proxy.
  server.on("connect", (_req: IncomingMessage, socket: Socket) => {
    socket.end(rawAnswer(frontAnswer(405, null, `CONNECT is not accepted here; paths accept ${PAGE_METHODS}`, "invalid_request", { Allow: PAGE_METHODS }), options.headers ?? {}));
  });

  server.closeGracefully = () =>
    new Promise<void>((resolve) => {
      closing = true;
      // Answers already in flight close their connections too, once written.
      for (const socket of connections) {
        const response = inFlight.get(socket);
        if (response && !response.headersSent) response.setHeader("connection", "close");
      }
      // net.Server's close, not http.Server's: that one (Node 19 and later) also closes every idle
      // connection at once, under a keep-alive client whose next request is already on its way.
      net.Server.prototype.close.call(server, () => {
        clearInterval(idleSweep);
        resolve();
      });
      const idleSweep = setInterval(() => server.closeIdleConnections(), IDLE_CLOSE_MS);
    });

  return server;
}
