// Notes API: a small resource server that accepts Gatehouse access tokens and personal API keys
// made for it. Every request's bearer token is checked at Gatehouse's introspection endpoint
// (RFC 7662) with this API's own credentials, through oauth4webapi, and must be bound to this API
// (its audience, RFC 8707). It describes itself to clients (RFC 9728): its protected resource
// metadata document at /.well-known/oauth-protected-resource, and a challenge pointing there on
// every refusal. Errors follow RFC 6750 §3.
//
//   GATEHOUSE_ISSUER=http://localhost:3000 NOTES_API_ID=api_... NOTES_API_SECRET=gapi_... \
//   NOTES_API_IDENTIFIER=http://localhost:4000 node examples/notes-api/server.mjs
import http from "node:http";
import * as oauth from "oauth4webapi";

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) {
    console.error(`notes-api: set ${name} (see examples/notes-api/README.md)`);
    process.exit(2);
  }
  return value;
};

const issuer = new URL(env("GATEHOUSE_ISSUER"));
const apiId = env("NOTES_API_ID");
const apiSecret = env("NOTES_API_SECRET");
const port = Number(env("PORT", "4000"));
/**
 * A resource identifier as Gatehouse compares them: lower-case scheme and host, no default port,
 * an empty path written "/" (the WHATWG URL serialization does all three). Null for anything
 * that is not an absolute URI without a fragment (RFC 8707 §2).
 */
function normalizeResourceUri(value) {
  if (typeof value !== "string" || value.includes("#") || !URL.canParse(value)) return null;
  return new URL(value).href;
}

/** This API's identifier as registered in Gatehouse (its audience): tokens for it carry it in `aud`. */
const identifier = normalizeResourceUri(env("NOTES_API_IDENTIFIER", `http://localhost:${port}`));
if (!identifier) {
  console.error("notes-api: NOTES_API_IDENTIFIER must be an absolute URI without a fragment, as registered in Gatehouse");
  process.exit(2);
}
/** Seconds a positive introspection answer is reused. 0 (the default): every request asks Gatehouse. */
const cacheSeconds = Number(env("NOTES_CACHE_SECONDS", "0"));

// Plain http is allowed only for a Gatehouse on this machine (development).
const local = ["localhost", "127.0.0.1", "[::1]"].includes(issuer.hostname);
const insecure = issuer.protocol === "http:" && local ? { [oauth.allowInsecureRequests]: true } : {};

const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }));
const client = { client_id: apiId };
const clientAuth = oauth.ClientSecretBasic(apiSecret);

/** token -> { answer, until }: only active answers are cached, and only when NOTES_CACHE_SECONDS > 0. */
const cache = new Map();

async function introspect(token) {
  const cached = cache.get(token);
  if (cached && cached.until > Date.now()) return cached.answer;
  const answer = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, clientAuth, token, insecure));
  if (answer.active && cacheSeconds > 0) cache.set(token, { answer, until: Date.now() + cacheSeconds * 1000 });
  return answer;
}

const notes = new Map(); // sub -> [{ id, text, createdAt }]

/** The routes and the scope each needs. */
const ROUTES = {
  "GET /notes": { scope: "notes.read", handle: (sub) => [200, { notes: notes.get(sub) ?? [] }] },
  "POST /notes": {
    scope: "notes.write",
    handle: (sub, body) => {
      const text = typeof body?.text === "string" ? body.text.trim() : "";
      if (!text || text.length > 1000) return [400, { error: "invalid_request", error_description: 'send JSON {"text": "..."} with 1 to 1000 characters' }];
      const note = { id: String((notes.get(sub)?.length ?? 0) + 1), text, createdAt: new Date().toISOString() };
      notes.set(sub, [...(notes.get(sub) ?? []), note]);
      return [201, note];
    },
  },
};

/**
 * RFC 9728 §3.1: the document lives at the identifier with /.well-known/oauth-protected-resource
 * inserted between the host and the path (a terminating slash removed first), so an identifier
 * of http://localhost:4000/ has it at http://localhost:4000/.well-known/oauth-protected-resource.
 */
const metadataUrl = (() => {
  const url = new URL(identifier);
  return `${url.origin}/.well-known/oauth-protected-resource${url.pathname.replace(/\/$/, "")}`;
})();
const metadataPath = new URL(metadataUrl).pathname;

/** RFC 9728 §2: who protects this API (Gatehouse's issuer, exactly as its metadata says), the scopes it takes, how to send a token. */
const metadata = {
  resource: identifier,
  authorization_servers: [as.issuer],
  scopes_supported: [...new Set(Object.values(ROUTES).map((route) => route.scope))],
  bearer_methods_supported: ["header"],
  resource_name: "Notes API",
};

function send(res, status, body, headers = {}) {
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

/**
 * RFC 9728 §5.1: every refusal points to the metadata document (resource_metadata); RFC 6750 §3:
 * the challenge names the error, and a request without credentials gets none (§3.1).
 */
function refuse(res, status, error, description, scope) {
  const parts = [`Bearer resource_metadata="${metadataUrl}"`];
  if (error) parts.push(`error="${error}"`, `error_description="${description}"`);
  if (scope) parts.push(`scope="${scope}"`);
  send(res, status, error ? { error, error_description: description } : { message: description }, { "WWW-Authenticate": parts.join(", ") });
}

/**
 * Whether the token is bound to this API: introspection's `aud` (a string, or an array when the
 * token is for more than one audience) includes this API's identifier, compared normalised.
 * Null when it is; otherwise what to tell the caller.
 */
function audienceProblem(aud) {
  const audience = (Array.isArray(aud) ? aud : [aud]).filter((value) => value !== undefined).map(normalizeResourceUri);
  if (audience.includes(identifier)) return null;
  const fix = `ask Gatehouse for one with resource=${identifier}`;
  return audience.length === 0 ? `the token is not bound to an API: ${fix}` : `the token is for another API: ${fix}`;
}

function readJson(req) {
  return new Promise((resolve) => {
    let text = "";
    req.on("data", (chunk) => (text.length < 64 * 1024 ? (text += chunk) : undefined));
    req.on("end", () => {
      try {
        resolve(text ? JSON.parse(text) : null);
      } catch {
        resolve(undefined);
      }
    });
  });
}

const server = http.createServer(async (req, res) => {
  const path = new URL(req.url ?? "/", "http://x").pathname;
  if (req.method === "GET" && path === "/health") return send(res, 200, { ok: true });
  // RFC 9728 §3.2: 200, application/json, to anyone.
  if (req.method === "GET" && path === metadataPath) return send(res, 200, metadata, { "Cache-Control": "max-age=300" });
  const route = ROUTES[`${req.method} ${path}`];
  if (!route) return send(res, 404, { error: "not_found", error_description: `no route ${req.method} ${path}` });

  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!header) return refuse(res, 401, null, "send Authorization: Bearer <access token or personal key>");
  if (!match) return refuse(res, 400, "invalid_request", "the Authorization header must be Bearer <token>");

  let answer;
  try {
    answer = await introspect(match[1]);
  } catch (error) {
    console.error("notes-api: introspection failed:", error);
    return send(res, 503, { error: "temporarily_unavailable", error_description: "the token could not be checked; retry later" });
  }
  // Introspection answers {"active": false} alike for every reason (RFC 7662 §2.2), on purpose:
  // say what it means, not which one it was. Gatehouse answers it for a token bound to another API too.
  if (!answer.active) return refuse(res, 401, "invalid_token", "the token is not active for this API: it is unknown, expired, revoked, or for another API");
  const wrongAudience = audienceProblem(answer.aud);
  if (wrongAudience) return refuse(res, 401, "invalid_token", wrongAudience);
  const scopes = (answer.scope ?? "").split(" ");
  if (!scopes.includes(route.scope)) return refuse(res, 403, "insufficient_scope", `this route needs the ${route.scope} scope`, route.scope);

  const body = req.method === "POST" ? await readJson(req) : null;
  if (body === undefined) return send(res, 400, { error: "invalid_request", error_description: "the body is not valid JSON" });
  const [status, payload] = route.handle(answer.sub, body);
  return send(res, status, payload);
});

server.listen(port, "127.0.0.1", () =>
  console.log(`notes-api: listening on http://127.0.0.1:${port} as ${identifier} (metadata at ${metadataUrl}, introspecting at ${as.introspection_endpoint})`),
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
