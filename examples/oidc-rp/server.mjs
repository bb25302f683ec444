// An OpenID Connect relying party: "Sign in with Gatehouse" in a small Node.js web app (no
// framework), through openid-client: discovery from /.well-known/openid-configuration, the
// authorization code flow with PKCE, state and nonce, the ID token validated by the library
// (its signature against the JWKS, iss, aud, exp, iat, nonce), and RP-Initiated Logout 1.0
// through the end_session_endpoint.
//
//   GATEHOUSE_ISSUER=http://localhost:3000 RP_CLIENT_ID=YOUR_CLIENT_ID RP_CLIENT_SECRET=gsec_... \
//   node examples/oidc-rp/server.mjs
import { randomBytes } from "node:crypto";
import http from "node:http";
import * as client from "openid-client";

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) {
    console.error(`oidc-rp: set ${name} (see examples/oidc-rp/README.md)`);
    process.exit(2);
  }
  return value;
};

const issuer = new URL(env("GATEHOUSE_ISSUER"));
const clientId = env("RP_CLIENT_ID");
const clientSecret = env("RP_CLIENT_SECRET");
const port = Number(env("PORT", "4100"));
/** Where this app is reached; its callback and post-logout URIs are registered under it in Gatehouse. */
const base = `http://127.0.0.1:${port}`;
const redirectUri = `${base}/callback`;
const postLogoutRedirectUri = `${base}/signed-out`;
const SCOPE = "openid profile email";

// discovery() fetches /.well-known/openid-configuration and checks that its issuer is the one
// asked for (OpenID Connect Discovery 1.0 §4.3). Plain http is allowed only for a Gatehouse on
// this machine (development). openid-client checks the ID token's claims by default and leaves
// its signature to TLS (OpenID Connect Core §3.1.3.7 item 6); enableNonRepudiationChecks also
// verifies the signature against the keys at jwks_uri, which over plain http is the only proof
// of who issued it.
const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(issuer.hostname);
const execute = [client.enableNonRepudiationChecks, ...(issuer.protocol === "http:" && loopback ? [client.allowInsecureRequests] : [])];
const config = await client.discovery(issuer, clientId, clientSecret, undefined, { execute });

/** Sign-ins under way, by the random id in the rp_tx cookie: what the callback must check. */
const pending = new Map();
/** Signed-in browsers, by the random id in the rp_session cookie. */
const sessions = new Map();
const TEN_MINUTES = 10 * 60 * 1000;

/** Starts a sign-in: PKCE (RFC 7636), state (RFC 6749 §10.12) and nonce (OpenID Connect Core §3.1.2.1). */
async function startSignIn(res, extra = {}) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const transaction = { codeVerifier, state: client.randomState(), nonce: client.randomNonce(), startedAt: Date.now() };
  const id = randomBytes(16).toString("base64url");
  pending.set(id, transaction);
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: SCOPE,
    state: transaction.state,
    nonce: transaction.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    ...extra,
  });
  redirect(res, url.href, { rp_tx: id });
}

/** The callback: openid-client checks state and iss, redeems the code, and validates the ID token with the nonce. */
async function finishSignIn(req, res, cookies) {
  const transaction = pending.get(cookies.rp_tx);
  pending.delete(cookies.rp_tx);
  if (!transaction || Date.now() - transaction.startedAt > TEN_MINUTES) {
    return page(res, 400, "Sign-in expired", `<p>This sign-in was not started here, or took longer than ten minutes.</p><p><a href="/login">Sign in again</a></p>`, { rp_tx: "" });
  }
  let tokens;
  try {
    tokens = await client.authorizationCodeGrant(config, new URL(req.url, base), {
      pkceCodeVerifier: transaction.codeVerifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
    });
  } catch (error) {
    // A refusal from Gatehouse (access_denied, ...) or a check that failed, named as the library names it.
    const detail = error.error ? `${error.error}: ${error.error_description ?? ""}` : error.message;
    return page(res, 400, "Sign-in failed", `<p>${escape(detail)}</p><p><a href="/">Home</a></p>`, { rp_tx: "" });
  }
  const sessionId = randomBytes(16).toString("base64url");
  sessions.set(sessionId, { claims: tokens.claims(), idToken: tokens.id_token });
  redirect(res, "/claims", { rp_tx: "", rp_session: sessionId });
}

/** RP-Initiated Logout 1.0 §2: the ID token as the hint, a registered post-logout URI and a state to check on return. */
function signOut(res, cookies) {
  const session = sessions.get(cookies.rp_session);
  sessions.delete(cookies.rp_session);
  if (!session) return redirect(res, "/", { rp_session: "" });
  const state = client.randomState();
  const url = client.buildEndSessionUrl(config, { id_token_hint: session.idToken, post_logout_redirect_uri: postLogoutRedirectUri, state });
  redirect(res, url.href, { rp_session: "", rp_logout: state });
}

/** What each claim of the ID token says (OpenID Connect Core §2, §5.1). */
const CLAIM_NOTES = {
  iss: "who issued it: Gatehouse's issuer",
  sub: "the user's stable id at Gatehouse: key accounts on it",
  aud: "who it is for: this app's client ID",
  exp: "when it expires",
  iat: "when it was issued",
  auth_time: "when the user last entered their password at Gatehouse",
  nonce: "the value this app sent with the sign-in, echoed",
  at_hash: "binds the access token issued with it",
  name: "the user's name (profile scope)",
  preferred_username: "the user's username (profile scope)",
  email: "the user's email (email scope)",
  email_verified: "whether Gatehouse has verified it",
};
const TIME_CLAIMS = new Set(["exp", "iat", "auth_time"]);

const signedInActions = `<form method="post" action="/logout"><button type="submit">Sign out</button></form>
<p><a href="/sign-in-again">Sign in again</a> (prompt=login: Gatehouse asks for the password even when the user is signed in there)</p>`;

function claimsPage(res, session) {
  const rows = Object.entries(session.claims)
    .map(([name, value]) => {
      const shown = typeof value === "string" ? value : JSON.stringify(value);
      const note = TIME_CLAIMS.has(name) ? `${CLAIM_NOTES[name]}: ${new Date(value * 1000).toISOString()}` : (CLAIM_NOTES[name] ?? "");
      return `<tr><th scope="row"><code>${escape(name)}</code></th><td data-claim="${escape(name)}">${escape(shown)}</td><td>${escape(note)}</td></tr>`;
    })
    .join("");
  page(
    res,
    200,
    "Your ID token",
    `<p>Signed in as <strong data-testid="signed-in-as">${escape(session.claims.name ?? session.claims.preferred_username ?? session.claims.sub)}</strong>. openid-client validated this ID token.</p>
<table><thead><tr><th>Claim</th><th>Value</th><th>Meaning</th></tr></thead><tbody>${rows}</tbody></table>
${signedInActions}`,
  );
}

function home(res, session) {
  if (!session) return page(res, 200, "Example relying party", `<p>Not signed in.</p><p><a href="/login">Sign in with Gatehouse</a></p>`);
  page(res, 200, "Example relying party", `<p>Signed in as <strong data-testid="signed-in-as">${escape(session.claims.name ?? session.claims.sub)}</strong>. <a href="/claims">See the ID token's claims</a></p>${signedInActions}`);
}

/** Back from Gatehouse's end_session_endpoint: the state must be the one this browser was sent with. */
function signedOut(res, url, cookies) {
  const state = url.searchParams.get("state");
  if (!cookies.rp_logout || state !== cookies.rp_logout) {
    return page(res, 400, "Unexpected sign-out", `<p>This sign-out was not started here (its state does not match).</p><p><a href="/">Home</a></p>`, { rp_logout: "" });
  }
  page(res, 200, "Signed out", `<p>You are signed out of this app and of Gatehouse.</p><p><a href="/login">Sign in with Gatehouse</a></p>`, { rp_logout: "" });
}

const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Cookies: HttpOnly, SameSite=Lax (sent on Gatehouse's top-level redirects back, never on cross-site POSTs); "" deletes. */
function cookieHeaders(cookies) {
  return Object.entries(cookies).map(([name, value]) => (value ? `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600` : `${name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`));
}

function redirect(res, location, cookies = {}) {
  res.writeHead(303, { Location: location, "Set-Cookie": cookieHeaders(cookies), "Cache-Control": "no-store" });
  res.end();
}

function page(res, status, title, body, cookies = {}) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Set-Cookie": cookieHeaders(cookies), "Cache-Control": "no-store" });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}th,td{text-align:left;padding:.25rem .75rem;border-bottom:1px solid #ddd;vertical-align:top}</style></head>
<body><h1>${escape(title)}</h1>${body}</body></html>`);
}

function readCookies(req) {
  return Object.fromEntries(
    (req.headers.cookie ?? "")
      .split(";")
      .map((part) => part.trim().split("="))
      .filter(([name, value]) => name && value),
  );
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", base);
  const cookies = readCookies(req);
  const session = sessions.get(cookies.rp_session);
  const route = `${req.method} ${url.pathname}`;
  try {
    if (route === "GET /health") return page(res, 200, "ok", "");
    if (route === "GET /") return home(res, session);
    if (route === "GET /login") return await startSignIn(res);
    // OpenID Connect Core §3.1.2.1: prompt=login makes Gatehouse ask for the password again.
    if (route === "GET /sign-in-again") return await startSignIn(res, { prompt: "login" });
    if (route === "GET /callback") return await finishSignIn(req, res, cookies);
    if (route === "GET /claims") return session ? claimsPage(res, session) : redirect(res, "/");
    if (route === "POST /logout") return signOut(res, cookies);
    if (route === "GET /signed-out") return signedOut(res, url, cookies);
    page(res, 404, "Not found", `<p>No page at ${escape(url.pathname)}. <a href="/">Home</a></p>`);
  } catch (error) {
    console.error("oidc-rp:", error);
    page(res, 500, "Something went wrong", `<p>${escape(error.message)}</p>`);
  }
});

server.listen(port, "127.0.0.1", () => console.log(`oidc-rp: listening on ${base} (issuer ${config.serverMetadata().issuer})`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
