import type { AddressInfo } from "node:net";
import net from "node:net";
import type http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { jsonAnswer, protocolRoute, readForm } from "@/lib/oauth/http";
import { createFrontServer, originFormOf, type FrontOptions, type FrontTimeouts } from "./front-server";

// The front against raw sockets, with a fake Next that tells what reached it: the answers the
// front makes itself (methods, targets, sizes, timeouts, connection cap) never reach Next.

const ORIGIN = "http://auth.test:4000";
let server: http.Server | undefined;
let nextSaw: string[] = [];

async function start(options: Partial<FrontOptions> & { timeouts?: FrontTimeouts } = {}): Promise<number> {
  nextSaw = [];
  const token = protocolRoute({ POST: async (request) => jsonAnswer({ received: readForm(request).peek("grant_type") ?? null, from: request.clientAddress }) }, { cors: true });
  const metadata = protocolRoute({ GET: async () => jsonAnswer({ issuer: ORIGIN }, 200, { "cache-control": "public, max-age=300" }) }, { cors: true });
  server = createFrontServer({
    origin: ORIGIN,
    routes: new Map([
      ["/oauth/token", token],
      ["/.well-known/oauth-authorization-server", metadata],
    ]),
    metadataPath: "/.well-known/oauth-authorization-server",
    metadataVersion: async () => 1,
    files: new Set(["/favicon.ico"]),
    handleWithNext: async (req, res) => {
      nextSaw.push(`${req.method} ${req.url}`);
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("from next");
    },
    maxConnectionsPerAddress: 0,
    ...options,
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

type Exchange = { text: string; status: number | null; ms: number };

/** Writes the bytes (then, if given, more after a pause) and reads until the server closes. */
function exchange(port: number, bytes: string, { later, pauseMs = 0, socket: given }: { later?: string; pauseMs?: number; socket?: net.Socket } = {}): Promise<Exchange> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = given ?? net.connect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ text, status: match ? Number(match[1]) : null, ms: Date.now() - started });
    });
    socket.write(bytes);
    if (later !== undefined) setTimeout(() => socket.writable && socket.write(later), pauseMs);
  });
}

const request = (method: string, target: string, headers: string[] = [], body = "") =>
  [`${method} ${target} HTTP/1.1`, "Host: auth.test:4000", "Connection: close", ...headers, "", body].join("\r\n");
const headerOf = (text: string, name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(text)?.[1]?.trim();
const bodyOf = (text: string) => text.slice(text.indexOf("\r\n\r\n") + 4);

describe("the front's method answers", () => {
  it("answers a method HTTP does not define with 501, whether Node's parser knows it or not", async () => {
    const port = await start();
    for (const method of ["PROPFIND", "BREW", "get", "M-SEARCH"]) {
      const { status, text } = await exchange(port, request(method, "/docs"));
      expect(status, method).toBe(501);
      expect(bodyOf(text), method).toContain("not one this server knows");
    }
    expect(nextSaw).toEqual([]);
  });

  it("answers 405 with the path's Allow: pages, files, protocol endpoints, and CONNECT", async () => {
    const port = await start();
    const page = await exchange(port, request("TRACE", "/docs"));
    expect(page.status).toBe(405);
    expect(headerOf(page.text, "Allow")).toBe("GET, HEAD, POST");
    expect(headerOf(page.text, "Content-Type")).toContain("text/plain");
    for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS"]) expect((await exchange(port, request(method, "/dashboard"))).status, method).toBe(405);

    // next-auth's actions each take their own methods.
    const csrf = await exchange(port, request("POST", "/api/auth/csrf", ["Content-Length: 0"]));
    expect(csrf.status).toBe(405);
    expect(headerOf(csrf.text, "Allow")).toBe("GET, HEAD");
    expect(JSON.parse(bodyOf(csrf.text))).toMatchObject({ error: "invalid_request" });
    expect(headerOf((await exchange(port, request("PUT", "/api/auth/callback/credentials", ["Content-Length: 0"]))).text, "Allow")).toBe("POST");
    expect(headerOf((await exchange(port, request("DELETE", "/api/auth/nope"))).text, "Allow")).toBe("GET, HEAD, POST");

    const file = await exchange(port, request("POST", "/favicon.ico", ["Content-Length: 0"]));
    expect(file.status).toBe(405);
    expect(headerOf(file.text, "Allow")).toBe("GET, HEAD");
    const asset = await exchange(port, request("DELETE", "/_next/static/chunks/x.js"));
    expect(headerOf(asset.text, "Allow")).toBe("GET, HEAD");

    const protocol = await exchange(port, request("TRACE", "/oauth/token"));
    expect(protocol.status).toBe(405);
    expect(headerOf(protocol.text, "Allow")).toBe("POST, OPTIONS");
    expect(JSON.parse(bodyOf(protocol.text))).toMatchObject({ error: "invalid_request" });

    const connect = await exchange(port, "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n");
    expect(connect.status).toBe(405);
    expect(nextSaw).toEqual([]);
  });

  it("hands GET, HEAD and POST on pages to Next", async () => {
    const port = await start();
    for (const method of ["GET", "HEAD", "POST"]) expect((await exchange(port, request(method, "/docs", method === "POST" ? ["Content-Length: 0"] : []))).status).toBe(200);
    expect(nextSaw).toEqual(["GET /docs", "HEAD /docs", "POST /docs"]);
  });
});

describe("the front's request targets", () => {
  it("answers OPTIONS * with the server's methods, and * with any other method 400", async () => {
    const port = await start();
    const options = await exchange(port, request("OPTIONS", "*"));
    expect(options.status).toBe(204);
    expect(headerOf(options.text, "Allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect((await exchange(port, request("GET", "*"))).status).toBe(400);
  });

  it("refuses an absolute-form target for another host with 400, never a redirect to it", async () => {
    const port = await start();
    for (const target of ["http://evil.example/x", "https://evil.example:443/oauth/token", "http://auth.test:4001/docs"]) {
      const { status, text } = await exchange(port, request("GET", target));
      expect(status, target).toBe(400);
      expect(headerOf(text, "Location"), target).toBeUndefined();
    }
    expect(nextSaw).toEqual([]);
  });

  it("serves an absolute-form target for the issuer's host as its path", async () => {
    const port = await start();
    expect((await exchange(port, request("GET", "http://auth.test:4000/docs?a=1"))).status).toBe(200);
    expect(nextSaw).toEqual(["GET /docs?a=1"]);
    const token = await exchange(port, request("POST", "http://auth.test:4000/oauth/token", ["Content-Type: application/x-www-form-urlencoded", "Content-Length: 12"], "grant_type=x"));
    expect(JSON.parse(bodyOf(token.text))).toEqual({ received: "x", from: "127.0.0.1" });
  });

  it("reads the target's forms by RFC 9112 §3.2", () => {
    expect(originFormOf("/a?b", "GET", "h:1")).toBe("/a?b");
    expect(originFormOf("*", "OPTIONS", "h:1")).toBe("*");
    expect(originFormOf("*", "GET", "h:1")).toBeNull();
    expect(originFormOf("HTTP://h:1/x", "GET", "h:1")).toBe("/x");
    expect(originFormOf("http://h:2/x", "GET", "h:1")).toBeNull();
    expect(originFormOf("x", "GET", "h:1")).toBeNull();
    expect(originFormOf("ftp://h:1/x", "GET", "h:1")).toBeNull();
  });

  it("answers what Node's parser cannot read with 400, and oversized header fields with 431", async () => {
    const port = await start();
    expect((await exchange(port, "GET /docs HTTP/1.1\r\nHost: a\r\nbad header\r\n\r\n")).status).toBe(400);
    const huge = await exchange(port, request("GET", "/docs", [`X-Big: ${"a".repeat(20_000)}`]));
    expect(huge.status).toBe(431);
    expect(JSON.parse(bodyOf(huge.text))).toMatchObject({ error: "invalid_request" });
  });
});

describe("the front's header checks", () => {
  it("answers a router state header Next cannot read 400 on pages, and hands a readable one on", async () => {
    const port = await start();
    const bad = await exchange(port, request("GET", "/nope", ["RSC: 1", "Next-Router-State-Tree: %7B%22x%22%3A1%7D"]));
    expect(bad.status).toBe(400);
    expect(bodyOf(bad.text)).toContain("Next-Router-State-Tree");
    const good = encodeURIComponent(JSON.stringify(["", { children: ["__PAGE__", {}] }]));
    expect((await exchange(port, request("GET", "/docs", ["RSC: 1", `Next-Router-State-Tree: ${good}`]))).status).toBe(200);
    expect(nextSaw).toEqual(["GET /docs"]);
  });
});

describe("the front's sizes", () => {
  it("answers a declared length over 64 KiB with 413 at once, before any of the body arrives", async () => {
    const port = await start();
    for (const target of ["/oauth/token", "/signin"]) {
      const { status, ms } = await exchange(port, request("POST", target, ["Content-Type: application/x-www-form-urlencoded", "Content-Length: 99999999"]));
      expect(status, target).toBe(413);
      expect(ms, target).toBeLessThan(2_000);
    }
    const decision = await exchange(port, request("POST", "/oauth/consent/decision", ["Content-Type: application/x-www-form-urlencoded", "Content-Length: 99999999"]));
    expect(decision.status).toBe(413);
    expect(bodyOf(decision.text)).toMatch(/^Request too large: /);
    expect(nextSaw).toEqual([]);
  });

  it("answers a chunked body over 64 KiB on a protocol path 413, and a chunked body to a page 411", async () => {
    const port = await start();
    const chunk = "a".repeat(70 * 1024);
    const chunked = `${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`;
    const token = await exchange(port, request("POST", "/oauth/token", ["Content-Type: application/x-www-form-urlencoded", "Transfer-Encoding: chunked"], chunked));
    expect(token.status).toBe(413);
    const page = await exchange(port, request("POST", "/signin", ["Transfer-Encoding: chunked"], "1\r\na\r\n0\r\n\r\n"));
    expect(page.status).toBe(411);
    expect(nextSaw).toEqual([]);
  });
});

describe("the front's timeouts and connection cap", () => {
  const quick = { headersMs: 400, requestMs: 800, idleMs: 1_500 };

  it("answers 408 when the head does not arrive in time, and when the body does not", async () => {
    const port = await start({ timeouts: quick });
    const slowHead = await exchange(port, "GET /docs HTTP/1.1\r\nHost: auth.test:4000\r\n");
    expect(slowHead.status).toBe(408);
    expect(slowHead.ms).toBeLessThan(3_000);
    const slowBody = await exchange(port, request("POST", "/oauth/token", ["Content-Type: application/x-www-form-urlencoded", "Content-Length: 20"], "grant"));
    expect(slowBody.status).toBe(408);
    expect(slowBody.ms).toBeLessThan(3_000);
  });

  it("closes a connection that sends nothing", async () => {
    const port = await start({ timeouts: quick });
    const silent = await exchange(port, "");
    expect(silent.ms).toBeLessThan(3_500);
  });

  it("answers connections past the cap of one address with 429, and takes new ones once some close", async () => {
    const port = await start({ maxConnectionsPerAddress: 2 });
    const held = [net.connect({ host: "127.0.0.1", port }), net.connect({ host: "127.0.0.1", port })];
    await Promise.all(held.map((socket) => new Promise((resolve) => socket.once("connect", resolve))));
    const third = await exchange(port, request("GET", "/docs"));
    expect(third.status).toBe(429);
    expect(headerOf(third.text, "Retry-After")).toBe("1");
    // Another address has its own count.
    const other = await exchange(port, request("GET", "/docs"), { socket: net.connect({ host: "127.0.0.1", port, localAddress: "127.0.0.2" }) });
    expect(other.status).toBe(200);
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await exchange(port, request("GET", "/docs"))).status).toBe(200);
  });

  it("has no cap when it is 0", async () => {
    const port = await start({ maxConnectionsPerAddress: 0 });
    const held = Array.from({ length: 20 }, () => net.connect({ host: "127.0.0.1", port }));
    await Promise.all(held.map((socket) => new Promise((resolve) => socket.once("connect", resolve))));
    expect((await exchange(port, request("GET", "/docs"))).status).toBe(200);
    for (const socket of held) socket.destroy();
  });
});
