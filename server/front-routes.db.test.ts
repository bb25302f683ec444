import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as metadataRoute from "@/app/.well-known/oauth-authorization-server/route";
import * as introspectRoute from "@/app/oauth/introspect/route";
import * as revokeRoute from "@/app/oauth/revoke/route";
import * as tokenRoute from "@/app/oauth/token/route";
import * as userinfoRoute from "@/app/oauth/userinfo/route";
import { CLIENT_IP_HEADER, setClientAddress } from "@/lib/client-ip";
import { config } from "@/lib/config/env";
import { PROTOCOL_ROUTES } from "@/lib/oauth-server";
import { ENDPOINT_PATHS } from "@/lib/oauth/endpoints";
import { currentScopeCatalogue } from "@/lib/scope-catalogue";
import { transportSecurityFor } from "@/lib/security-headers";
import { createTestApplication } from "@/lib/testing/fixtures";
import { createFrontServer, type ProtocolRoute } from "./front-server";

/**
 * `npm start` serves the protocol endpoints from its node:http front (server/front-server.ts,
 * wired by server/front.ts); `next dev` serves them from the route files. Both call the same
 * handlers, but the front reads the request and writes the answer itself and answers some
 * requests before any handler runs. The same requests go once through the front, wired as
 * server/front.ts wires it, and once to the route file's exported handler; the answers must
 * agree in status, headers and body.
 */

type Route = Record<"GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS", (request: Request) => Promise<Response>>;
const ROUTE_FILES: Record<string, Route> = {
  [ENDPOINT_PATHS.token]: tokenRoute,
  [ENDPOINT_PATHS.revocation]: revokeRoute,
  [ENDPOINT_PATHS.introspection]: introspectRoute,
  [ENDPOINT_PATHS.userinfo]: userinfoRoute,
  [ENDPOINT_PATHS.metadata]: metadataRoute,
};

/** Framing, not content: how each side carries the answer (the front adds the length and its connection handling). */
/** Framing, and the request id, which the front sets on every answer it sends (a fresh one each time). */
const TRANSPORT_HEADERS = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding", "x-request-id"]);

type Answer = { status: number; headers: Record<string, string>; body: string };
type Case = { method: keyof Route; path: string; headers?: Record<string, string>; body?: string; chunked?: boolean };

let front: http.Server;
let port: number;
const nextSaw: string[] = [];

beforeAll(async () => {
  const { issuer, trustProxy } = config();
  front = createFrontServer({
    origin: new URL(issuer).origin,
    routes: new Map<string, ProtocolRoute>(Object.entries(PROTOCOL_ROUTES)),
    metadataPath: ENDPOINT_PATHS.metadata,
    metadataVersion: currentScopeCatalogue,
    files: new Set(),
    handleWithNext: async (req, res) => {
      nextSaw.push(`${req.method} ${req.url}`);
      res.writeHead(500).end();
    },
    onRequest: (req) => setClientAddress(req.headers, req.socket.remoteAddress ?? "", trustProxy),
    headers: transportSecurityFor(issuer),
    maxConnectionsPerAddress: 0,
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  port = (front.address() as AddressInfo).port;
});

afterAll(async () => {
  front.closeAllConnections();
  await new Promise((resolve) => front.close(resolve));
});

/**
 * The headers as compared: without framing, and with the RateLimit field's remaining budget and
 * reset left out, as each side spends from the same budgets in turn (the policy stays).
 */
function comparable(headers: Record<string, string>): Record<string, string> {
  const kept = Object.entries(headers).filter(([name]) => !TRANSPORT_HEADERS.has(name));
  return Object.fromEntries(kept.map(([name, value]) => [name, name === "ratelimit" ? value.replace(/;r=\d+;t=\d+$/, ";r=…;t=…") : value]));
}

function throughTheFront({ method, path, headers = {}, body, chunked }: Case): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = http.request({ host: "127.0.0.1", port, method, path, headers: { ...headers, connection: "close" } }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const fields: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) fields[name] = Array.isArray(value) ? value.join(", ") : value;
        resolve({ status: response.statusCode!, headers: fields, body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    // A body past the limit may be cut short when the front answers and closes: only an error before the answer counts.
    request.on("error", (error) => answered || reject(error));
    if (body === undefined) return void request.end();
    // Written before the end, a body goes chunked; given to end(), Node declares its length.
    if (chunked) request.write(body);
    request.end(chunked ? undefined : body);
  });
}

/** The route file's handler, given the request as Next hands it on: with the client's address the front set. */
async function throughTheRouteFile({ method, path, headers = {}, body, chunked }: Case): Promise<Answer> {
  const url = new URL(path, config().issuer);
  const withAddress = { ...headers, [CLIENT_IP_HEADER]: "127.0.0.1" };
  const init: RequestInit & { duplex?: "half" } =
    body === undefined
      ? { method, headers: withAddress }
      : chunked
        ? { method, headers: withAddress, body: new Blob([body]).stream(), duplex: "half" }
        : { method, headers: { ...withAddress, "content-length": String(Buffer.byteLength(body)) }, body };
  const response = await ROUTE_FILES[url.pathname]![method](new Request(url, init));
  const answered: Record<string, string> = {};
  response.headers.forEach((value, name) => (answered[name] = value));
  // HEAD: the route file's Response may hold the GET body; Next (and HTTP) sends none.
  return { status: response.status, headers: answered, body: method === "HEAD" ? "" : await response.text() };
}

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
const OVER_THE_LIMIT = `token=${"x".repeat(70_000)}`;

describe("the HTTP front and the route files", () => {
  let clientId: string;
  beforeAll(async () => {
    clientId = (await createTestApplication()).clientId;
  });

  const cases: [string, () => Case][] = [
    ["a grant type no client may use, without client authentication", () => ({ method: "POST", path: "/oauth/token", headers: FORM, body: "grant_type=password" })],
    ["a wrong client secret in HTTP Basic", () => ({ method: "POST", path: "/oauth/token", headers: { ...FORM, authorization: basic(clientId, "gsec_wrong") }, body: "grant_type=authorization_code&code=x" })],
    ["a malformed Basic header", () => ({ method: "POST", path: "/oauth/token", headers: { ...FORM, authorization: "Basic !!!" }, body: "grant_type=refresh_token" })],
    ["JSON instead of a form", () => ({ method: "POST", path: "/oauth/token", headers: { "content-type": "application/json" }, body: '{"grant_type":"authorization_code"}' })],
    ["an unknown grant type from a known client", () => ({ method: "POST", path: "/oauth/token", headers: { ...FORM, authorization: basic(clientId, "gsec_wrong") }, body: "grant_type=urn:x" })],
    ["DELETE on the token endpoint", () => ({ method: "DELETE", path: "/oauth/token" })],
    ["GET on the token endpoint", () => ({ method: "GET", path: "/oauth/token" })],
    ["PUT on userinfo", () => ({ method: "PUT", path: "/oauth/userinfo", headers: FORM, body: "" })],
    ["a CORS preflight to the token endpoint", () => ({ method: "OPTIONS", path: "/oauth/token", headers: { origin: "https://spa.example", "access-control-request-method": "POST" } })],
    ["a CORS preflight to introspection, which has no CORS", () => ({ method: "OPTIONS", path: "/oauth/introspect", headers: { origin: "https://spa.example", "access-control-request-method": "POST" } })],
    ["userinfo without a token", () => ({ method: "GET", path: "/oauth/userinfo", headers: { origin: "https://spa.example" } })],
    ["userinfo with an unknown bearer token", () => ({ method: "GET", path: "/oauth/userinfo", headers: { authorization: "Bearer gat_unknown" } })],
    ["userinfo with the token in the query", () => ({ method: "GET", path: "/oauth/userinfo?access_token=gat_x" })],
    ["userinfo with an unknown token in the form body", () => ({ method: "POST", path: "/oauth/userinfo", headers: FORM, body: "access_token=gat_unknown" })],
    ["userinfo with the token both in the header and in the body", () => ({ method: "POST", path: "/oauth/userinfo", headers: { ...FORM, authorization: "Bearer gat_x" }, body: "access_token=gat_x" })],
    ["a request that carries Set-Cookie, which no handler reads", () => ({ method: "POST", path: "/oauth/token", headers: { ...FORM, "set-cookie": "a=1" }, body: "grant_type=password" })],
    ["revocation without client authentication", () => ({ method: "POST", path: "/oauth/revoke", headers: FORM, body: "token=grt_x" })],
    ["introspection without credentials", () => ({ method: "POST", path: "/oauth/introspect", headers: FORM, body: "token=gat_x" })],
    ["a body over 64 KiB with its length declared, to introspection", () => ({ method: "POST", path: "/oauth/introspect", headers: FORM, body: OVER_THE_LIMIT })],
    ["a body over 64 KiB with its length declared, to the token endpoint", () => ({ method: "POST", path: "/oauth/token", headers: FORM, body: OVER_THE_LIMIT })],
    ["a chunked body over 64 KiB, to revocation", () => ({ method: "POST", path: "/oauth/revoke", headers: FORM, body: OVER_THE_LIMIT, chunked: true })],
    ["the metadata document", () => ({ method: "GET", path: "/.well-known/oauth-authorization-server" })],
    ["the metadata document's head", () => ({ method: "HEAD", path: "/.well-known/oauth-authorization-server" })],
    ["POST to the metadata document", () => ({ method: "POST", path: "/.well-known/oauth-authorization-server", headers: FORM, body: "" })],
  ];

  it.each(cases)("answer %s alike", async (_title, make) => {
    const request = make();
    const viaFront = await throughTheFront(request);
    const viaRouteFile = await throughTheRouteFile(request);
    expect(viaFront.status).toBe(viaRouteFile.status);
    expect(viaFront.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(comparable(viaFront.headers)).toEqual(comparable(viaRouteFile.headers));
    expect(viaFront.body).toBe(viaRouteFile.body);
    expect(nextSaw).toEqual([]);
  });

  it("answer the metadata document again from the front's copy, byte for byte, as the route file makes it", async () => {
    const request: Case = { method: "GET", path: "/.well-known/oauth-authorization-server" };
    const [first, second] = [await throughTheFront(request), await throughTheFront(request)];
    expect(second.body).toBe(first.body);
    expect(comparable(second.headers)).toEqual(comparable(first.headers));
    expect(first.headers["content-length"]).toBe(String(Buffer.byteLength(first.body)));
    expect(first.headers["cache-control"]).toBe("public, max-age=300");
    expect(second.body).toBe((await throughTheRouteFile(request)).body);
  });
});
