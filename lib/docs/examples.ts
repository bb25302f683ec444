import { shellQuote } from "@/lib/apps/quick-start";
import { endpointsFor } from "@/lib/oauth/endpoints";

/**
 * The code samples of the integrator docs, built from this server's issuer so every URL is
 * the real one. Placeholders in capitals are the integrator's own values.
 */
export type Example = { curl: string; javascript: string; python: string };

export function integratorExamples(issuer: string): Record<"authorize" | "exchange" | "refresh" | "userinfo" | "revoke" | "pkce", Example> {
  const e = endpointsFor(issuer);
  return {
    pkce: {
      curl: [
        "# A fresh verifier and its S256 challenge (OpenSSL)",
        "CODE_VERIFIER=$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')",
        "CODE_CHALLENGE=$(printf '%s' \"$CODE_VERIFIER\" | openssl dgst -sha256 -binary | openssl base64 | tr '+/' '-_' | tr -d '=')",
      ].join("\n"),
      javascript: [
        "// Browser or Node 20+: Web Crypto",
        "const bytes = crypto.getRandomValues(new Uint8Array(32));",
        "const base64url = (b) => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\\+/g, \"-\").replace(/\\//g, \"_\").replace(/=+$/, \"\");",
        "const codeVerifier = base64url(bytes);",
        "const digest = await crypto.subtle.digest(\"SHA-256\", new TextEncoder().encode(codeVerifier));",
        "const codeChallenge = base64url(digest);",
      ].join("\n"),
      python: [
        "import base64, hashlib, secrets",
        "",
        "code_verifier = secrets.token_urlsafe(32)",
        "code_challenge = base64.urlsafe_b64encode(hashlib.sha256(code_verifier.encode()).digest()).rstrip(b\"=\").decode()",
      ].join("\n"),
    },
    authorize: {
      curl: [
        "# Send the user's browser to this URL (shown split for reading):",
        `${e.authorization}?response_type=code`,
        "  &client_id=YOUR_CLIENT_ID",
        "  &redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback",
        "  &scope=user.read%20profile",
        "  &state=RANDOM_STATE",
        "  &code_challenge=CODE_CHALLENGE",
        "  &code_challenge_method=S256",
      ].join("\n"),
      javascript: [
        `const url = new URL("${e.authorization}");`,
        "url.search = new URLSearchParams({",
        "  response_type: \"code\",",
        "  client_id: \"YOUR_CLIENT_ID\",",
        "  redirect_uri: \"https://app.example.com/callback\",",
        "  scope: \"user.read profile\",",
        "  state, // random, kept in the user's session",
        "  code_challenge: codeChallenge,",
        "  code_challenge_method: \"S256\",",
        "}).toString();",
        "// redirect the browser to url.href",
      ].join("\n"),
      python: [
        "from urllib.parse import urlencode",
        "",
        `url = "${e.authorization}?" + urlencode({`,
        "    \"response_type\": \"code\",",
        "    \"client_id\": \"YOUR_CLIENT_ID\",",
        "    \"redirect_uri\": \"https://app.example.com/callback\",",
        "    \"scope\": \"user.read profile\",",
        "    \"state\": state,  # random, kept in the user's session",
        "    \"code_challenge\": code_challenge,",
        "    \"code_challenge_method\": \"S256\",",
        "})",
      ].join("\n"),
    },
    exchange: {
      curl: [
        `curl -X POST ${shellQuote(e.token)} \\`,
        "  -u 'YOUR_CLIENT_ID:YOUR_CLIENT_SECRET' \\",
        "  -d 'grant_type=authorization_code' \\",
        "  --data-urlencode 'code=CODE_FROM_THE_CALLBACK' \\",
        "  --data-urlencode 'redirect_uri=https://app.example.com/callback' \\",
        "  --data-urlencode 'code_verifier=CODE_VERIFIER'",
      ].join("\n"),
      javascript: [
        `const response = await fetch("${e.token}", {`,
        "  method: \"POST\",",
        "  headers: {",
        "    \"Content-Type\": \"application/x-www-form-urlencoded\",",
        "    Authorization: \"Basic \" + btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`),",
        "  },",
        "  body: new URLSearchParams({",
        "    grant_type: \"authorization_code\",",
        "    code,",
        "    redirect_uri: \"https://app.example.com/callback\",",
        "    code_verifier: codeVerifier,",
        "  }),",
        "});",
        "const tokens = await response.json(); // access_token, refresh_token, expires_in, scope",
      ].join("\n"),
      python: [
        "import requests",
        "",
        "tokens = requests.post(",
        `    "${e.token}",`,
        "    auth=(CLIENT_ID, CLIENT_SECRET),",
        "    data={",
        "        \"grant_type\": \"authorization_code\",",
        "        \"code\": code,",
        "        \"redirect_uri\": \"https://app.example.com/callback\",",
        "        \"code_verifier\": code_verifier,",
        "    },",
        ").json()",
      ].join("\n"),
    },
    refresh: {
      curl: [`curl -X POST ${shellQuote(e.token)} \\`, "  -u 'YOUR_CLIENT_ID:YOUR_CLIENT_SECRET' \\", "  -d 'grant_type=refresh_token' \\", "  --data-urlencode 'refresh_token=REFRESH_TOKEN'"].join("\n"),
      javascript: [
        "// One refresh at a time per grant: callers that come meanwhile wait for the same answer.",
        "let refreshing = null;",
        "function refreshTokens() {",
        `  refreshing ??= fetch("${e.token}", {`,
        "    method: \"POST\",",
        "    headers: { \"Content-Type\": \"application/x-www-form-urlencoded\", Authorization: basicAuth },",
        "    body: new URLSearchParams({ grant_type: \"refresh_token\", refresh_token: storedRefreshToken }),",
        "  })",
        "    .then(async (response) => {",
        "      const tokens = await response.json();",
        "      if (!response.ok) throw new Error(tokens.error_description);",
        "      // Store both now: the previous access token and refresh token stop working at once.",
        "      await storeTokens(tokens);",
        "      return tokens;",
        "    })",
        "    .finally(() => { refreshing = null; });",
        "  return refreshing;",
        "}",
      ].join("\n"),
      python: [
        "with refresh_lock:  # one refresh at a time per grant",
        "    tokens = requests.post(",
        `        "${e.token}",`,
        "        auth=(CLIENT_ID, CLIENT_SECRET),",
        "        data={\"grant_type\": \"refresh_token\", \"refresh_token\": stored_refresh_token},",
        "    ).json()",
        "    # Store both now: the previous access token and refresh token stop working at once.",
        "    store_tokens(tokens)",
      ].join("\n"),
    },
    userinfo: {
      curl: [`curl ${shellQuote(e.userinfo)} \\`, "  -H 'Authorization: Bearer ACCESS_TOKEN'"].join("\n"),
      javascript: [
        `const response = await fetch("${e.userinfo}", {`,
        "  headers: { Authorization: `Bearer ${accessToken}` },",
        "});",
        "const user = await response.json(); // { sub, name?, preferred_username?, email?, email_verified? }",
      ].join("\n"),
      python: [`user = requests.get(`, `    "${e.userinfo}",`, `    headers={"Authorization": f"Bearer {access_token}"},`, ").json()"].join("\n"),
    },
    revoke: {
      curl: [`curl -X POST ${shellQuote(e.revocation)} \\`, "  -u 'YOUR_CLIENT_ID:YOUR_CLIENT_SECRET' \\", "  --data-urlencode 'token=REFRESH_TOKEN'"].join("\n"),
      javascript: [
        `await fetch("${e.revocation}", {`,
        "  method: \"POST\",",
        "  headers: { \"Content-Type\": \"application/x-www-form-urlencoded\", Authorization: basicAuth },",
        "  body: new URLSearchParams({ token: refreshToken }),",
        "}); // always 200 and {} for a token of yours, even one already revoked",
      ].join("\n"),
      python: [`requests.post(`, `    "${e.revocation}",`, "    auth=(CLIENT_ID, CLIENT_SECRET),", "    data={\"token\": refresh_token},", ")"].join("\n"),
    },
  };
}

/** The samples of "Protect your API": an operator's API validating a bearer token by introspection. */
export function apiExamples(issuer: string): Record<"introspect" | "middleware", Example> {
  const e = endpointsFor(issuer);
  return {
    introspect: {
      curl: [
        "# Your API's credentials from the Operator area: API ID and API secret",
        `curl -X POST ${shellQuote(e.introspection)} \\`,
        "  -u 'YOUR_API_ID:YOUR_API_SECRET' \\",
        "  --data-urlencode 'token=THE_BEARER_TOKEN'",
        "",
        '# {"active":true,"scope":"notes.read","aud":"https://notes.example.com","client_id":"...",',
        '#  "sub":"...","token_type":"Bearer","gatehouse_token_kind":"app","exp":...}',
        "# (and username when the token carries profile)",
      ].join("\n"),
      javascript: [
        "// npm install oauth4webapi",
        'import * as oauth from "oauth4webapi";',
        "",
        `const issuer = new URL("${issuer}");`,
        'const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oauth2" }));',
        'const client = { client_id: "YOUR_API_ID" };',
        'const auth = oauth.ClientSecretBasic(process.env.API_SECRET);',
        "",
        "async function introspect(token) {",
        "  const response = await oauth.introspectionRequest(as, client, auth, token);",
        "  return oauth.processIntrospectionResponse(as, client, response); // { active, scope, aud, sub, ... }",
        "}",
      ].join("\n"),
      python: [
        "import os, requests",
        "",
        "def introspect(token):",
        "    response = requests.post(",
        `        "${e.introspection}",`,
        '        auth=("YOUR_API_ID", os.environ["API_SECRET"]),',
        '        data={"token": token},',
        "        timeout=5,",
        "    )",
        "    response.raise_for_status()",
        "    return response.json()  # {'active': True, 'scope': 'notes.read', 'aud': ..., 'sub': ...}",
      ].join("\n"),
    },
    middleware: {
      curl: [
        "# What your API answers (RFC 6750 §3):",
        "# no token:            401  WWW-Authenticate: Bearer realm=\"notes\"",
        "# active: false:       401  WWW-Authenticate: Bearer realm=\"notes\", error=\"invalid_token\"",
        "# scope missing:       403  WWW-Authenticate: Bearer realm=\"notes\", error=\"insufficient_scope\", scope=\"notes.write\"",
        "curl -H 'Authorization: Bearer THE_BEARER_TOKEN' https://notes.example.com/notes",
      ].join("\n"),
      javascript: [
        "async function requireScope(req, res, scope) {",
        '  const match = /^Bearer\\s+(\\S+)$/i.exec(req.headers.authorization ?? "");',
        '  const challenge = (extra = "") => `Bearer realm="notes"${extra}`;',
        "  if (!match) return res.writeHead(401, { \"WWW-Authenticate\": challenge() }).end(), null;",
        "  const token = await introspect(match[1]);",
        '  if (!token.active || token.aud !== "https://notes.example.com")',
        '    return res.writeHead(401, { "WWW-Authenticate": challenge(\', error="invalid_token"\') }).end(), null;',
        '  if (!token.scope.split(" ").includes(scope))',
        '    return res.writeHead(403, { "WWW-Authenticate": challenge(`, error="insufficient_scope", scope="${scope}"`) }).end(), null;',
        "  return token; // token.sub is the user",
        "}",
      ].join("\n"),
      python: [
        "def require_scope(authorization_header, scope):",
        '    parts = (authorization_header or "").split()',
        '    if len(parts) != 2 or parts[0].lower() != "bearer":',
        '        return 401, {"WWW-Authenticate": \'Bearer realm="notes"\'}',
        "    token = introspect(parts[1])",
        '    if not token["active"] or token.get("aud") != "https://notes.example.com":',
        '        return 401, {"WWW-Authenticate": \'Bearer realm="notes", error="invalid_token"\'}',
        '    if scope not in token["scope"].split():',
        '        return 403, {"WWW-Authenticate": f\'Bearer realm="notes", error="insufficient_scope", scope="{scope}"\'}',
        '    return 200, token  # token["sub"] is the user',
      ].join("\n"),
    },
  };
}

/**
 * Complete response bodies, as the endpoints send them (a test holds their members to the real
 * responses): what a client parses, with every member present.
 */
export function responseExamples(issuer: string): Record<"token" | "userinfo" | "introspection" | "inactive" | "error", string> {
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  return {
    token: json({
      access_token: "gat_3kQ0tY7mV1xH9bN2cR5wZ8aL4pE6sD0fG2hJ7kM9qU1",
      token_type: "Bearer",
      expires_in: 7200,
      refresh_token: "grt_Vb8nM2xQ5wE1rT7yU3iO9pA4sD6fG0hJ2kL8zX5cV1b",
      scope: "email profile user.read",
    }),
    userinfo: json({ sub: "clx7q2w3e0000abcd1234efgh", name: "Ada Lovelace", preferred_username: "ada", email: "ada@example.com", email_verified: false }),
    introspection: json({
      active: true,
      scope: "email profile user.read",
      client_id: "Xk3mQ9vB2nL7pR4tW8yZ1cF5",
      username: "ada",
      token_type: "Bearer",
      exp: 1767225600,
      iat: 1767218400,
      sub: "clx7q2w3e0000abcd1234efgh",
      iss: issuer,
      gatehouse_token_kind: "app",
    }),
    inactive: json({ active: false }),
    error: json({ error: "invalid_grant", error_description: "refresh_token was already used; as a precaution every token of this grant is now revoked" }),
  };
}

/** Introspection by the app itself (RFC 7662): for its own access and refresh tokens. */
export function appIntrospectionExample(issuer: string): Example {
  const e = endpointsFor(issuer);
  return {
    curl: [`curl -X POST ${shellQuote(e.introspection)} \\`, "  -u 'YOUR_CLIENT_ID:YOUR_CLIENT_SECRET' \\", "  --data-urlencode 'token=ACCESS_OR_REFRESH_TOKEN'"].join("\n"),
    javascript: [
      `const response = await fetch("${e.introspection}", {`,
      "  method: \"POST\",",
      "  headers: { \"Content-Type\": \"application/x-www-form-urlencoded\", Authorization: basicAuth },",
      "  body: new URLSearchParams({ token: accessToken }),",
      "});",
      "const { active, scope, exp } = await response.json(); // active: false for anything not live and yours",
    ].join("\n"),
    python: [
      "info = requests.post(",
      `    "${e.introspection}",`,
      "    auth=(CLIENT_ID, CLIENT_SECRET),",
      "    data={\"token\": access_token},",
      ").json()",
      "if not info[\"active\"]:",
      "    ...  # expired, revoked, or not this app's",
    ].join("\n"),
  };
}

export type LibraryExample = { oauth4webapi: string; nextauth: string; authlib: string };

/** Configurations for client libraries people already use, with this server's URLs. */
export function libraryExamples(issuer: string): LibraryExample {
  const e = endpointsFor(issuer);
  return {
    oauth4webapi: [
      "// npm install oauth4webapi",
      'import * as oauth from "oauth4webapi";',
      "",
      `const issuer = new URL("${issuer}");`,
      'const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oauth2" }));',
      "const client = { client_id: process.env.GATEHOUSE_CLIENT_ID };",
      "const clientAuth = oauth.ClientSecretBasic(process.env.GATEHOUSE_CLIENT_SECRET);",
      'const redirectUri = "https://app.example.com/callback";',
      "",
      "// Sign-in: keep codeVerifier and state in the user's session.",
      "const codeVerifier = oauth.generateRandomCodeVerifier();",
      "const state = oauth.generateRandomState();",
      "const url = new URL(as.authorization_endpoint);",
      "url.search = new URLSearchParams({",
      '  response_type: "code", client_id: client.client_id, redirect_uri: redirectUri, scope: "user.read profile email", state,',
      '  code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: "S256",',
      "}).toString();",
      "",
      "// Callback: checks state and iss (RFC 9207), then exchanges the code.",
      "const params = oauth.validateAuthResponse(as, client, new URL(callbackUrl), state);",
      "const tokens = await oauth.processAuthorizationCodeResponse(as, client,",
      "  await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, redirectUri, codeVerifier));",
      "const user = await oauth.processUserInfoResponse(as, client, oauth.skipSubjectCheck,",
      "  await oauth.userInfoRequest(as, client, tokens.access_token));",
    ].join("\n"),
    nextauth: [
      "// next-auth 4 (Auth.js 5 takes the same provider object): a custom OAuth provider.",
      "// Register https://app.example.com/api/auth/callback/gatehouse as a redirect URI.",
      "export const authOptions = {",
      "  providers: [",
      "    {",
      '      id: "gatehouse",',
      '      name: "Gatehouse",',
      '      type: "oauth",',
      `      issuer: "${issuer}", // checked against iss on the callback (RFC 9207)`,
      `      authorization: { url: "${e.authorization}", params: { scope: "user.read profile email" } },`,
      `      token: "${e.token}",`,
      `      userinfo: "${e.userinfo}",`,
      '      checks: ["pkce", "state"],',
      "      clientId: process.env.GATEHOUSE_CLIENT_ID,",
      "      clientSecret: process.env.GATEHOUSE_CLIENT_SECRET,",
      "      profile: (p) => ({ id: p.sub, name: p.name ?? p.preferred_username, email: p.email ?? null }),",
      "    },",
      "  ],",
      "};",
    ].join("\n"),
    authlib: [
      "# pip install authlib flask requests",
      "import os",
      "from authlib.integrations.flask_client import OAuth",
      "from flask import Flask, url_for",
      "",
      "app = Flask(__name__)",
      'app.secret_key = os.environ["FLASK_SECRET_KEY"]',
      "oauth = OAuth(app)",
      "oauth.register(",
      '    "gatehouse",',
      '    client_id=os.environ["GATEHOUSE_CLIENT_ID"],',
      '    client_secret=os.environ["GATEHOUSE_CLIENT_SECRET"],',
      `    server_metadata_url="${e.metadata}",`,
      '    client_kwargs={"scope": "user.read profile email", "code_challenge_method": "S256"},',
      ")",
      "",
      '@app.route("/login")',
      "def login():",
      '    return oauth.gatehouse.authorize_redirect(url_for("callback", _external=True))',
      "",
      '@app.route("/callback")',
      "def callback():",
      "    token = oauth.gatehouse.authorize_access_token()  # checks state, sends the verifier",
      `    user = oauth.gatehouse.get("${e.userinfo}", token=token).json()`,
      '    return f"Hello {user.get(\'name\', user[\'sub\'])}"',
    ].join("\n"),
  };
}
