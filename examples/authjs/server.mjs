// "Sign in with Gatehouse" through Auth.js v5 (@auth/core) in a plain Node.js server: Auth.js's
// own routes under /auth (sign-in page, callback, session, sign-out) and a home page that reads
// the session. The provider is Auth.js's `oidc` type with only the issuer: Auth.js discovers
// the rest from /.well-known/openid-configuration and reads the user from the ID token, which it
// validates itself.
//
//   GATEHOUSE_ISSUER=http://localhost:3000 AUTH_GATEHOUSE_ID=YOUR_CLIENT_ID AUTH_GATEHOUSE_SECRET=gsec_... \
//   AUTH_SECRET=$(openssl rand -base64 33) node server.mjs
import { Auth } from "@auth/core";
import http from "node:http";

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) {
    console.error(`authjs-example: set ${name} (see examples/authjs/README.md)`);
    process.exit(2);
  }
  return value;
};

const port = Number(env("PORT", "4200"));
const base = `http://127.0.0.1:${port}`;

/** @type {import("@auth/core").AuthConfig} */
const config = {
  basePath: "/auth",
  // This server is reached at `base` directly, not behind a proxy that sets the host.
  trustHost: true,
  secret: env("AUTH_SECRET"),
  providers: [
    {
      id: "gatehouse",
      name: "Gatehouse",
      type: "oidc",
      issuer: env("GATEHOUSE_ISSUER"),
      clientId: env("AUTH_GATEHOUSE_ID"),
      clientSecret: env("AUTH_GATEHOUSE_SECRET"),
    },
  ],
};

/** A Node request as the WHATWG Request Auth() takes. */
async function toRequest(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  const chunks = [];
  if (req.method !== "GET" && req.method !== "HEAD") for await (const chunk of req) chunks.push(chunk);
  return new Request(new URL(req.url ?? "/", base), { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
}

/** Auth()'s Response written to the Node response, each Set-Cookie header on its own. */
async function send(res, response) {
  const headers = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** The signed-in user, from Auth.js's own session route, or null. */
async function currentSession(req) {
  const response = await Auth(new Request(`${base}/auth/session`, { headers: { cookie: req.headers.cookie ?? "" } }), config);
  return (await response.json()) ?? null;
}

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function home(req, res) {
  const session = await currentSession(req);
  const body = session?.user
    ? `<p>Signed in as <strong data-testid="signed-in-as">${escape(session.user.name ?? "")}</strong> (<span data-testid="email">${escape(session.user.email ?? "")}</span>).</p><p><a href="/auth/signout">Sign out</a></p>`
    : `<p>Not signed in.</p><p><a href="/auth/signin">Sign in</a></p>`;
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Auth.js example</title></head><body><h1>Auth.js example</h1>${body}</body></html>`);
}

const server = http.createServer(async (req, res) => {
  const path = new URL(req.url ?? "/", base).pathname;
  try {
    if (path === "/health") return void res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    if (path === "/auth" || path.startsWith("/auth/")) return await send(res, await Auth(await toRequest(req), config));
    if (path === "/") return await home(req, res);
    res.writeHead(404, { "Content-Type": "text/plain" }).end(`no page at ${path}`);
  } catch (error) {
    console.error("authjs-example:", error);
    res.writeHead(500, { "Content-Type": "text/plain" }).end("something went wrong");
  }
});

server.listen(port, "127.0.0.1", () => console.log(`authjs-example: listening on ${base}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
