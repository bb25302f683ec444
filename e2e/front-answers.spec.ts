import { expect, test } from "@playwright/test";
import net from "node:net";
import { BASE_URL } from "../playwright.config";

// What the HTTP front of `npm start` answers itself, written byte by byte to a socket (an HTTP
// client would refuse to send most of it): methods, request targets, declared sizes, slow heads.
const { hostname: HOST, port: PORT_TEXT } = new URL(BASE_URL);
const PORT = Number(PORT_TEXT);

type Answer = { status: number | null; headers: Record<string, string>; body: string; ms: number };

function raw(bytes: string): Promise<Answer> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect({ host: HOST, port: PORT });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const [head = "", body = ""] = text.split(/\r\n\r\n/, 2);
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
      const match = /^HTTP\/1\.1 (\d{3})/.exec(statusLine);
      resolve({ status: match ? Number(match[1]) : null, headers, body, ms: Date.now() - started });
    });
    socket.write(bytes);
  });
}

const request = (method: string, target: string, headers: string[] = []) =>
  [`${method} ${target} HTTP/1.1`, `Host: ${HOST}:${PORT}`, "Connection: close", ...headers, "", ""].join("\r\n");

test("methods: 405 with the path's Allow for the methods HTTP defines, 501 for the others", async () => {
  const trace = await raw(request("TRACE", "/docs"));
  expect(trace.status).toBe(405);
  expect(trace.headers["allow"]).toBe("GET, HEAD, POST");

  const protocol = await raw(request("TRACE", "/oauth/token"));
  expect(protocol.status).toBe(405);
  expect(protocol.headers["allow"]).toBe("POST, OPTIONS");
  expect(JSON.parse(protocol.body)).toMatchObject({ error: "invalid_request" });

  for (const method of ["PUT", "DELETE", "OPTIONS"]) expect((await raw(request(method, "/dashboard"))).status, method).toBe(405);
  const file = await raw(request("POST", "/favicon.ico", ["Content-Length: 0"]));
  expect(file.status).toBe(405);
  expect(file.headers["allow"]).toBe("GET, HEAD");

  for (const method of ["PROPFIND", "BREW", "get"]) expect((await raw(request(method, "/docs"))).status, method).toBe(501);
  // CONNECT is refused with an answer, not a closed connection.
  expect((await raw(`CONNECT ${HOST}:${PORT} HTTP/1.1\r\nHost: ${HOST}:${PORT}\r\n\r\n`)).status).toBe(405);
});

test("request targets: OPTIONS * is answered, another host's absolute form is 400, never a redirect to it", async () => {
  const asterisk = await raw(request("OPTIONS", "*"));
  expect(asterisk.status).toBe(204);
  expect(asterisk.headers["allow"]).toBe("GET, HEAD, POST, OPTIONS");

  for (const target of ["http://evil.example/x", "https://evil.example/oauth/token"]) {
    const answer = await raw(request("GET", target));
    expect(answer.status, target).toBe(400);
    expect(answer.headers["location"], target).toBeUndefined();
  }
  expect((await raw(request("GET", `http://${HOST}:${PORT}/docs`))).status).toBe(200);
});

test("a declared length over 64 KiB is answered 413 at once, on protocol paths and pages alike", async () => {
  for (const target of ["/oauth/token", "/signin"]) {
    const answer = await raw(request("POST", target, ["Content-Type: application/x-www-form-urlencoded", "Content-Length: 99999999"]));
    expect(answer.status, target).toBe(413);
    expect(answer.ms, target).toBeLessThan(3_000);
  }
});

test("a head that does not arrive within 10 s is answered 408", async () => {
  test.setTimeout(30_000);
  const answer = await raw(`GET /docs HTTP/1.1\r\nHost: ${HOST}:${PORT}\r\n`);
  expect(answer.status).toBe(408);
  expect(answer.ms).toBeGreaterThanOrEqual(9_000);
  expect(answer.ms).toBeLessThan(13_000);
});

test("next-auth's and the pages' own 500s are 4xx: callbackUrl, the credentials callback, unreadable forms and router state", async ({ request }) => {
  const csrf = await request.get("/api/auth/csrf?callbackUrl=hasOwnProperty");
  expect(csrf.status()).toBe(400);
  expect(await csrf.json()).toMatchObject({ error: "invalid_request" });
  const cookie = await request.get("/api/auth/csrf", { headers: { cookie: "next-auth.callback-url=hasOwnProperty" } });
  expect(cookie.status()).toBe(200);
  expect(cookie.headers()["set-cookie"]).toMatch(/next-auth\.callback-url=http/);

  const callback = await request.get("/api/auth/callback/credentials", { maxRedirects: 0 });
  expect(callback.status()).toBe(405);
  expect(callback.headers()["allow"]).toBe("POST");
  const json = await request.post("/api/auth/callback/credentials", { headers: { "content-type": "application/json" }, data: Buffer.from("{bad"), maxRedirects: 0 });
  expect(json.status()).toBe(400);

  for (const path of ["/", "/signin"]) {
    const form = await request.post(path, { headers: { "content-type": "multipart/form-data; boundary=x" }, data: "garbage", maxRedirects: 0 });
    expect(form.status(), path).toBe(400);
  }
  const state = await request.get("/nope", { headers: { rsc: "1", "next-router-state-tree": "%7B%22x%22%3A1%7D" }, maxRedirects: 0 });
  expect(state.status()).toBe(400);
});
