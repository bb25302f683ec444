import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { errorAnswer, jsonAnswer, protocolRoute } from "@/lib/oauth/http";
import { invalidGrant } from "@/lib/oauth/errors";
import { createFrontServer, IDLE_CLOSE_MS, type FrontOptions, type FrontServer, type Observation } from "./front-server";

// The front's request ids, what it reports of each answer, and its graceful close, against a
// real listener and node:http clients.

const ORIGIN = "http://127.0.0.1";
let server: FrontServer | undefined;

/** A protocol route whose POST waits for `release` before answering, to hold a request in flight. */
function slowRoute() {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const route = protocolRoute(
    {
      POST: async () => {
        await released;
        return { ...jsonAnswer({ ok: true }), report: { clientId: "c1", grantType: "refresh_token", tokens: "rotated" as const } };
      },
    },
    { cors: false },
  );
  return { route, release: () => release() };
}

async function start(options: Partial<FrontOptions> = {}): Promise<{ port: number; seen: Observation[]; release: () => void }> {
  const seen: Observation[] = [];
  const slow = slowRoute();
  const failing = protocolRoute({ POST: async () => errorAnswer(invalidGrant("code was already used")) }, { cors: false });
  server = createFrontServer({
    origin: ORIGIN,
    routes: new Map([
      ["/oauth/token", slow.route],
      ["/oauth/revoke", failing],
    ]),
    routeNames: new Map([
      ["/oauth/token", "token"],
      ["/oauth/revoke", "revocation"],
    ]),
    metadataPath: "/.well-known/oauth-authorization-server",
    metadataVersion: async () => 1,
    files: new Set(["/favicon.ico"]),
    handleWithNext: async (req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(`next saw ${String(req.headers["x-request-id"])}`);
    },
    maxConnectionsPerAddress: 0,
    observe: (o) => seen.push(o),
    ...options,
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, seen, release: slow.release };
}

afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

type Got = { status: number; headers: http.IncomingHttpHeaders; body: string };

function send(port: number, method: string, path: string, agent?: http.Agent, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, agent, headers: { "content-type": "application/x-www-form-urlencoded", ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(method === "POST" ? "grant_type=x" : undefined);
  });
}

describe("request ids", () => {
  it("puts a fresh id on every answer, the front's own, the protocol routes' and Next's, and hands it to Next", async () => {
    const { port, release } = await start();
    release();
    const answers = [await send(port, "POST", "/oauth/token"), await send(port, "GET", "/dashboard"), await send(port, "DELETE", "/oauth/revoke"), await send(port, "BREW", "/")];
    const ids = answers.map((a) => a.headers["x-request-id"]);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(answers[1]!.body).toBe(`next saw ${ids[1]}`);
  });

  it("replaces a client's X-Request-Id unless the id function keeps it", async () => {
    const { port } = await start();
    const replaced = await send(port, "GET", "/dashboard", undefined, { "x-request-id": "client-made-id-1234" });
    expect(replaced.headers["x-request-id"]).not.toBe("client-made-id-1234");
    expect(replaced.body).not.toContain("client-made-id");
    await new Promise((resolve) => server!.close(resolve));
    const kept = await start({ requestId: (req) => String(req.headers["x-request-id"]) });
    expect((await send(kept.port, "GET", "/dashboard", undefined, { "x-request-id": "proxy-made-id-1234" })).headers["x-request-id"]).toBe("proxy-made-id-1234");
  });
});

describe("what the front reports of each answer", () => {
  it("names the route from the table, never the path, with the status, the duration and the handler's report", async () => {
    const { port, seen, release } = await start();
    release();
    await send(port, "POST", "/oauth/token");
    await send(port, "POST", "/oauth/revoke");
    await send(port, "PUT", "/oauth/token");
    await send(port, "GET", "/dashboard/apps/secret-looking-path?code=abc");
    await send(port, "GET", "/favicon.ico");
    await send(port, "GET", "/oauth/authorize?client_id=x");
    await new Promise((resolve) => setTimeout(resolve, 20));
    const rows = seen.map(({ route, method, status, report }) => ({ route, method, status, report }));
    expect(rows).toEqual([
      { route: "token", method: "POST", status: 200, report: { clientId: "c1", grantType: "refresh_token", tokens: "rotated" } },
      { route: "revocation", method: "POST", status: 400, report: { error: "invalid_grant" } },
      { route: "token", method: "PUT", status: 405, report: { error: "invalid_request" } },
      { route: "page", method: "GET", status: 200, report: undefined },
      { route: "asset", method: "GET", status: 200, report: undefined },
      { route: "authorization", method: "GET", status: 200, report: undefined },
    ]);
    for (const o of seen) expect(o.seconds).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(seen)).not.toContain("secret-looking-path");
  });
});

describe("the graceful close", () => {
  it("finishes a request in flight, with Connection: close, refuses new connections, and closes idle keep-alive ones", async () => {
    const { port, release } = await start();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    // One connection left idle after an answer, one holding a request in flight.
    expect((await send(port, "GET", "/dashboard", agent)).status).toBe(200);
    const inFlight = send(port, "POST", "/oauth/token", agent);
    await new Promise((resolve) => setTimeout(resolve, 50));
    let closed = false;
    const closing = server!.closeGracefully().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(send(port, "GET", "/dashboard")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(closed).toBe(false);
    release();
    const answer = await inFlight;
    expect(answer).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(answer.headers.connection).toBe("close");
    const started = Date.now();
    await closing;
    // The idle connection went at the next sweep.
    expect(Date.now() - started).toBeLessThan(IDLE_CLOSE_MS * 3);
    agent.destroy();
  });

  it("answers a request sent on an idle keep-alive connection after the close began, closing that connection", async () => {
    const { port, release } = await start();
    release();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect((await send(port, "GET", "/dashboard", agent)).headers.connection).toBe("keep-alive");
    const closing = server!.closeGracefully();
    const again = await send(port, "POST", "/oauth/token", agent);
    expect(again.status).toBe(200);
    expect(again.headers.connection).toBe("close");
    await closing;
    agent.destroy();
  });
});
