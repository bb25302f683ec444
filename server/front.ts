// The production server: one Node process on one port. A node:http server answers the protocol
// endpoints itself, by calling the same (Request) => Promise<Response> handlers the route files
// re-export, and hands every other request to Next's request handler (Next's custom-server
// mode). Measured: Next's per-request pipeline alone held the metadata route to a fraction of
// the peer's throughput (docs/PERFORMANCE.md). Bundled by scripts/build-front.mjs; `npm start`
// runs it, `next dev` keeps serving the route files.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { setClientAddress } from "@/lib/client-ip";
import { config } from "@/lib/config/env";
import { checkStartupConfiguration } from "@/lib/config/startup";
import { schedulePruning } from "@/lib/db/prune";
import { PROTOCOL_ROUTES } from "@/lib/oauth-server";
import { ENDPOINT_PATHS } from "@/lib/oauth/endpoints";
import { answerForTheFront, errorResponse, MAX_BODY_BYTES, requestWithBody, responseText } from "@/lib/oauth/http";
import { currentScopeCatalogue } from "@/lib/scope-catalogue";
import { transportSecurityFor } from "@/lib/security-headers";

type Route = (typeof PROTOCOL_ROUTES)[keyof typeof PROTOCOL_ROUTES];
type Method = keyof Route;
const ROUTES = new Map<string, Route>(Object.entries(PROTOCOL_ROUTES));

/** The body, read up to one byte past the protocol limit: the handler answers 413 beyond it. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function headersOf(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return headers;
}

async function send(res: ServerResponse, response: Response, head: boolean): Promise<void> {
  const headers = headersOf(response);
  const text = responseText(response);
  // A string body goes out in one write with the head (Node joins them); a known length spares
  // the chunked framing.
  const body = head ? undefined : text !== undefined ? text : response.body === null ? undefined : Buffer.from(await response.arrayBuffer());
  if (body !== undefined) headers["content-length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength);
  res.writeHead(response.status, headers);
  res.end(body);
}

/** A protocol request as the WHATWG Request the handlers take, answered from their Response. */
async function serveProtocol(route: Route, method: Method, req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
  let response: Response;
  try {
    // Name and value pairs, checked once, by the Request.
    const headers: [string, string][] = [];
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.push([name, Array.isArray(value) ? value.join(", ") : value]);
    const url = origin + req.url;
    const request = method === "GET" || method === "HEAD" ? new Request(url, { method, headers }) : requestWithBody(url, { method, headers }, await readBody(req));
    response = await answerForTheFront(() => route[method](request));
  } catch (error) {
    response = errorResponse(error);
  }
  await send(res, response, method === "HEAD");
}

/** The metadata route's last 200 answer, as sent, and the scope catalogue it was made from. */
let metadataAnswer: { scopes: unknown; head: Record<string, string>; get: Record<string, string>; body: string } | null = null;

/**
 * The metadata document is the same for everyone while the scope catalogue stays the same (it
 * is served `Cache-Control: public` for that reason): the front sends the route's last answer
 * again, byte for byte, until the catalogue changes. An answer other than 200 is never kept.
 */
async function serveMetadata(route: Route, method: "GET" | "HEAD", res: ServerResponse, origin: string): Promise<void> {
  try {
    const scopes = await currentScopeCatalogue();
    if (metadataAnswer?.scopes !== scopes) {
      const response = await answerForTheFront(() => route.GET(new Request(origin + ENDPOINT_PATHS.metadata)));
      const body = responseText(response);
      if (response.status !== 200 || body === undefined) return await send(res, response, method === "HEAD");
      const head = headersOf(response);
      metadataAnswer = { scopes, head, get: { ...head, "content-length": String(Buffer.byteLength(body)) }, body };
    }
    res.writeHead(200, method === "HEAD" ? metadataAnswer.head : metadataAnswer.get);
    res.end(method === "HEAD" ? undefined : metadataAnswer.body);
  } catch (error) {
    await send(res, errorResponse(error), method === "HEAD");
  }
}

async function main(): Promise<void> {
  await checkStartupConfiguration();
  schedulePruning();
  const { root, trustProxy, issuer } = config();
  const port = Number(process.env.PORT || 3000);
  const hostname = process.env.HOST || undefined;
  const app = next({ dev: false, dir: root, hostname, port });
  const handleWithNext = app.getRequestHandler();
  await app.prepare();
  const origin = new URL(issuer).origin;

  const transportSecurity = Object.entries(transportSecurityFor(issuer));
  const server = http.createServer((req, res) => {
    setClientAddress(req.headers, req.socket.remoteAddress ?? "", trustProxy);
    for (const [name, value] of transportSecurity) res.setHeader(name, value);
    const path = (req.url ?? "/").split("?", 1)[0]!;
    const route = ROUTES.get(path);
    const method = req.method as Method;
    if (route && path === ENDPOINT_PATHS.metadata && (method === "GET" || method === "HEAD")) {
      void serveMetadata(route, method, res, origin);
      return;
    }
    if (route && Object.hasOwn(route, method)) {
      void serveProtocol(route, method, req, res, origin);
      return;
    }
    void handleWithNext(req, res);
  });
  server.listen(port, hostname, () => console.log(`gatehouse: listening on http://${hostname ?? "localhost"}:${port}`));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => server.close(() => process.exit(0)));
  }
}

main().catch((error: unknown) => {
  console.error(`gatehouse: ${(error as Error).message}`);
  process.exit(1);
});
