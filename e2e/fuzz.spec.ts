import { expect, test, type Page } from "@playwright/test";
import fc from "fast-check";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import net from "node:net";
import { BASE_URL } from "../playwright.config";
import { newAccount, registerApp, signUp } from "./helpers";

// Generated hostile requests against the server as `npm start` runs it (the HTTP front, the
// protocol endpoints and Next's pages), written byte by byte to raw sockets from several loopback
// addresses: random methods, request targets (origin, absolute and asterisk form), headers,
// bodies, repeated parameters, huge values, invalid UTF-8, NUL bytes, bad Basic and bearer values.
// The properties: every request gets an answer, no answer is a 5xx but a 501 to a method HTTP
// does not define (RFC 9110 §15.6.2), and a normal authorization code flow still works afterwards.
// `npm test` runs a few thousand; `npm run test:fuzz -- --long` runs 50,000 on their own.
const RUNS = Number(process.env.E2E_FUZZ_RUNS ?? 3000);
const ANSWER_WITHIN_MS = 15_000;
const { hostname: HOST, port: PORT_TEXT } = new URL(BASE_URL);
const PORT = Number(PORT_TEXT);
const SOURCES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);

const PROTOCOL_PATHS = ["/oauth/token", "/oauth/revoke", "/oauth/introspect", "/oauth/userinfo", "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration", "/oauth/jwks", "/oauth/end-session", "/oauth/authorize", "/healthz", "/readyz"];
const PAGE_PATHS = ["/", "/signin", "/signup", "/docs", "/dashboard", "/dashboard/new", "/dashboard/test-callback", "/account", "/operator", "/oauth/consent", "/api/health", "/api/auth/csrf", "/api/auth/session", "/api/auth/providers", "/api/auth/callback/credentials", "/api/auth/signout", "/_next/static/x.js", "/favicon.ico", "/.well-known/openid-configuration/x", "/nope"];
const PARAMETERS = ["grant_type", "code", "redirect_uri", "code_verifier", "refresh_token", "scope", "resource", "token", "token_type_hint", "client_id", "client_secret", "access_token", "response_type", "state", "code_challenge", "code_challenge_method", "prompt", "nonce", "max_age", "id_token_hint", "login_hint", "post_logout_redirect_uri", "decision", "reason", "callbackUrl", "error", "error_description", "deleted", "request"];

/** Values that have broken parsers somewhere: encodings, prefixes, huge and invisible text. */
const nasty = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom("\u0000", "a\u0000b", "%00", "%C3%28", "%FF%FE", "%zz", "%", "+", "&&", "==", "hasOwnProperty", "__proto__", "constructor", "gat_", "grt_", "gsec_", "gpat_", "api_AAAAAAAAAAAAAAAA", "authorization_code", "refresh_token", "code", "openid profile email", "user.read,profile", "https://evil.example/", "javascript:alert(1)", "\u202e", "\u3164", "../../etc/passwd"),
  fc.constantFrom("x".repeat(5000), "y".repeat(70 * 1024)),
);
const encoded = (value: string, raw: boolean) => (raw ? value : encodeURIComponent(value));
const pairs = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PARAMETERS), fc.string({ maxLength: 8 })), nasty, fc.boolean()), { maxLength: 8 });
const query = pairs.map((list) => list.map(([k, v, raw]) => `${encoded(k, raw)}=${encoded(v, raw)}`).join("&"));

/** A string as the bytes it is sent as (one byte a character), so that what is checked is what goes out. */
const asBytes = (value: string) => Buffer.from(value, "latin1").toString("latin1");
/** What may stand in a request line's target without breaking the line itself (no spaces, CR or LF). */
const onTheLine = (value: string) => asBytes(value).replace(/[\s]/g, "%20");

const target = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...PROTOCOL_PATHS), query).map(([path, q]) => (q ? `${path}?${onTheLine(q)}` : path)) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...PAGE_PATHS), query).map(([path, q]) => (q ? `${path}?${onTheLine(q)}` : path)) },
  { weight: 1, arbitrary: fc.constantFrom("*", `http://evil.example/x`, `http://${HOST}:${PORT}/docs`, "https://evil.example:443/oauth/token", "//evil.example/x", "/%00", "/%C3%28", "/docs/%2e%2e/%2e%2e", `/${"a".repeat(8000)}`, "/api/auth/csrf?callbackUrl=hasOwnProperty", "/oauth/authorize?client_id=x&client_id=y") },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => `/${onTheLine(s).replace(/[^\x21-\x7e]/g, "")}`) },
);

/** The methods RFC 9110 §9 and RFC 5789 define: any other one is answered 501. */
const DEFINED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]);

const method = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom("GET", "POST", "HEAD") },
  { weight: 4, arbitrary: fc.constantFrom("OPTIONS", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT") },
  { weight: 2, arbitrary: fc.constantFrom("PROPFIND", "MKCOL", "PURGE", "BREW", "get", "QUERY", "SEARCH", "M-SEARCH") },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{1,12}$/) },
);

/** The IDs of the build's server actions, read when the first request is made (after `next build`, not when the file loads). */
let builtActions: string[] | undefined;
function actionIds(): string[] {
  builtActions ??= Object.keys((JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, unknown> }).node);
  return builtActions;
}

const b64 = (s: string) => Buffer.from(s, "latin1").toString("base64");
const header = fc.oneof(
  fc.constantFrom<[string, string]>(
    ["content-type", "application/x-www-form-urlencoded"],
    ["content-type", "application/x-www-form-urlencoded; charset=ISO-8859-1"],
    ["content-type", "application/json"],
    ["content-type", "multipart/form-data; boundary=x"],
    ["content-type", "multipart/form-data"],
    ["content-type", "text/plain;charset=UTF-8"],
    ["content-type", 'garbage/x; y="z'],
    ["next-action", "0123456789abcdef0123456789abcdef01234567"],
    ["next-action", "x"],
    ["rsc", "1"],
    ["next-router-state-tree", "%7B%22x%22%3A1%7D"],
    ["accept", "text/html"],
    ["accept", "*/*"],
    ["origin", "https://evil.example"],
    ["origin", `http://${HOST}:${PORT}`],
    ["origin", "null"],
    ["origin", "http://["],
    ["x-forwarded-for", "6.6.6.6"],
    ["x-forwarded-host", "evil.example"],
    ["cookie", "next-auth.session-token=garbage; next-auth.csrf-token=x"],
    ["cookie", "__proto__=1"],
    ["cookie", "next-auth.callback-url=hasOwnProperty"],
    ["cookie", "__Secure-next-auth.callback-url=javascript%3Aalert(1); next-auth.callback-url=%2Fdashboard"],
    ["authorization", "Basic"],
    ["authorization", "Basic !!!"],
    ["authorization", `Basic ${b64(":")}`],
    ["authorization", `Basic ${"A".repeat(10 * 1024)}`],
    ["authorization", "Bearer"],
    ["authorization", "Bearer gat_x"],
    ["authorization", "Bearer gpat_x"],
    ["expect", "100-continue"],
    ["transfer-encoding", "gzip"],
    ["content-encoding", "gzip"],
    ["range", "bytes=0-1"],
  ),
  // The server actions of this build, by their real IDs: Next decodes a request's arguments only for an action it has.
  fc.nat().map((n): [string, string] => ["next-action", actionIds()[n % actionIds().length]!]),
  fc.tuple(nasty, nasty).map(([id, secret]): [string, string] => ["authorization", `Basic ${b64(`${id}:${secret}`).slice(0, 12_000)}`]),
  nasty.map((token): [string, string] => ["authorization", `Bearer ${token.slice(0, 12_000)}`]),
  fc.tuple(fc.stringMatching(/^[a-z][a-z-]{0,20}$/), fc.string({ unit: "binary", maxLength: 40 })).map(([name, value]): [string, string] => [name, value]),
);

const body = fc.oneof(
  { weight: 4, arbitrary: query },
  { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom("", "\u0000\u0000", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n", "a=1&a=2&a=3", `token=${"t".repeat(70 * 1024)}`) },
  // What a server action's arguments look like (React's encodeReply), and what they must not be.
  { weight: 1, arbitrary: fc.constantFrom("[]", "[1]", "{}", '["$K1"]', '["$@1"]', '["$K1"', ...["[\"$K1\"]", "[1]"].map((root) => formPart("0", root) + formPart("_1_id", "x") + "--x--\r\n"), formPart("$ACTION_REF_1", "") + formPart("$ACTION_1:0", '{"id":"x","bound":"$@1"}') + "--x--\r\n") },
);

/** One field of a multipart body with the boundary x. */
function formPart(name: string, value: string): string {
  return `--x\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
}

type Generated = { method: string; target: string; headers: [string, string][]; body: string; source: string; declaredTooLarge: boolean };
const request = fc.record({ method, target, headers: fc.array(header, { maxLength: 6 }), body, source: fc.constantFrom(...SOURCES), declaredTooLarge: fc.boolean() }) as fc.Arbitrary<Generated>;

/** The bytes of one request: always with a Host and Connection: close, a body framed by Content-Length. */
function bytesOf(r: Generated): Buffer {
  const bodyBytes = r.method === "GET" || r.method === "HEAD" ? Buffer.alloc(0) : Buffer.from(r.body, "utf8");
  // A header value is bytes: Node refuses CR, LF and NUL in one, the generator drops them.
  const headerLines = r.headers.map(([name, value]) => `${name}: ${asBytes(value).replace(/[\r\n\u0000]/g, "")}`);
  // Sometimes the declared length is over every limit and no body follows: the answer must not wait for it.
  const length = r.declaredTooLarge && r.method === "POST" ? "99999999" : String(bodyBytes.length);
  const head = [`${r.method} ${r.target} HTTP/1.1`, `Host: ${HOST}:${PORT}`, "Connection: close", ...headerLines, `Content-Length: ${length}`, "", ""].join("\r\n");
  return r.declaredTooLarge && r.method === "POST" ? Buffer.from(head, "latin1") : Buffer.concat([Buffer.from(head, "latin1"), bodyBytes]);
}

/** Sends the bytes and reads the answer's status code; null when the connection closed without one. */
function send(bytes: Buffer, source: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: HOST, port: PORT, localAddress: source });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`));
    }, ANSWER_WITHIN_MS);
    // The final status code: an interim 1xx (100 Continue to Expect: 100-continue) is not the answer.
    const finalStatus = () => {
      const text = Buffer.concat(chunks).toString("latin1");
      for (const match of text.matchAll(/(?:^|\r\n\r\n)HTTP\/1\.[01] (\d{3})/g)) if (!match[1]!.startsWith("1")) return Number(match[1]);
      return null;
    };
    const finish = () => {
      clearTimeout(timer);
      resolve(finalStatus());
    };
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      // The status line is all the property needs: stop reading once it is in.
      if (finalStatus() !== null) socket.destroy();
    });
    socket.on("close", finish);
    // A reset after the answer began is still an answer; before, finish sees no status line.
    socket.on("error", () => undefined);
    socket.write(bytes);
  });
}

async function normalFlowWorks(page: Page) {
  const callback = "https://client.test/callback";
  await page.route("https://client.test/**", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<h1>client callback</h1>" }));
  await signUp(page, newAccount("Fuzz Developer"));
  const app = await registerApp(page, { name: "After the fuzz", uris: [callback] });
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  await page.goto(`/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: callback, scope: "profile", state: "s", code_challenge: challenge, code_challenge_method: "S256" })}`);
  await page.getByRole("button", { name: "Approve" }).click();
  await page.waitForURL(/^https:\/\/client\.test\/callback/);
  const code = new URL(page.url()).searchParams.get("code")!;
  const token = await page.request.post("/oauth/token", {
    form: { grant_type: "authorization_code", code, redirect_uri: callback, code_verifier: verifier },
    headers: { Authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}` },
  });
  expect(token.status()).toBe(200);
  const { access_token } = (await token.json()) as { access_token: string };
  const userinfo = await page.request.get("/oauth/userinfo", { headers: { Authorization: `Bearer ${access_token}` } });
  expect(await userinfo.json()).toMatchObject({ name: "Fuzz Developer" });
}

test("generated hostile requests: always an answer, never a 5xx, and the flow works afterwards", async ({ page }) => {
  test.setTimeout(Math.max(300_000, RUNS * 120));
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const status = await send(bytesOf(r), r.source);
      const described = `${r.method} ${r.target.slice(0, 200)} ${JSON.stringify(r.headers).slice(0, 300)} ${r.body.slice(0, 100)}`;
      // node:assert, not Playwright's expect: each expect is a step the test keeps, and 50,000
      // of them made the worker slower with every case.
      assert.notEqual(status, null, `${described}: the connection closed without an answer`);
      statuses.set(status!, (statuses.get(status!) ?? 0) + 1);
      if (status === 501) assert.ok(!DEFINED_METHODS.has(r.method), `${described}: 501 to a method HTTP defines`);
      else assert.ok(status! < 500, `${described}: ${status}`);
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
  console.log(`fuzz: ${RUNS} requests; answers ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  await normalFlowWorks(page);
});
