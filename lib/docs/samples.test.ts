import { execFile, spawnSync } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { apiExamples, fillSample, integratorExamples, libraryExamples, SAMPLES, sampleValues, signInExamples, type Sample } from "@/lib/docs/samples";
import { checkAuthorizationRequest } from "@/lib/oauth/authorize";
import { ENDPOINT_PATHS } from "@/lib/oauth/endpoints";
import type { ProtocolAnswer, ProtocolRequest } from "@/lib/oauth/http";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect";
import { Params } from "@/lib/oauth/params";
import { isValidVerifier, s256 } from "@/lib/oauth/pkce";
import { handleRevocationRequest } from "@/lib/oauth/revoke";
import { SUPPORTED_GRANT_TYPES } from "@/lib/oauth/token-endpoint";
import { call, CHALLENGE, givenAClient, givenACode, givenAnApi, givenAPersonalKey, givenAUser, protocolRequest, testContext, VERIFIER, type TestContext } from "@/lib/oauth/testing/fixtures";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import { handleUserinfoRequest } from "@/lib/oauth/userinfo";

const run = promisify(execFile);

/** Every sample file, named by page, step and tab. */
function everySample(): [name: string, sample: Sample][] {
  return Object.entries(SAMPLES).flatMap(([page, steps]) =>
    Object.entries(steps).flatMap(([step, tabs]) =>
      "source" in tabs ? [[`${page}.${step}`, tabs as Sample] as [string, Sample]] : Object.entries(tabs as Record<string, Sample>).map(([tab, s]) => [`${page}.${step}.${tab}`, s] as [string, Sample]),
    ),
  );
}

describe("the docs' code samples", () => {
  const values = sampleValues("https://auth.example.com");

  it("are filled in with this server's values everywhere, and quoted as one word in a shell", () => {
    for (const [name, sample] of everySample()) {
      const shown = fillSample(sample, values);
      expect(shown, name).not.toMatch(/\{\{|\}\}/);
      expect(shown, name).not.toContain("localhost");
      if (sample.language === "shell") expect(shown, name).not.toMatch(/(^|\s)https:\/\/auth\.example\.com\S*(?<!')(\s|$)/);
    }
    expect(integratorExamples("https://auth.example.com").exchange.curl).toContain("curl -X POST 'https://auth.example.com/oauth/token'");
    expect(integratorExamples("https://auth.example.com").exchange.javascript).toContain('fetch("https://auth.example.com/oauth/token"');
    expect(integratorExamples("https://auth.example.com").revoke.python).toContain('"https://auth.example.com/oauth/revoke"');
    expect(apiExamples("https://auth.example.com").introspect.curl).toContain("curl -X POST 'https://auth.example.com/oauth/introspect'");
    const libraries = libraryExamples("https://auth.example.com");
    expect(libraries.nextauth).toContain('issuer: "https://auth.example.com"');
    expect(libraries.authlib).toContain('server_metadata_url="https://auth.example.com/.well-known/oauth-authorization-server"');
  });

  it("configure sign-in from the issuer or the OpenID discovery document alone", () => {
    const signIn = signInExamples("https://auth.example.com");
    expect(signIn.authjs).toContain('issuer: "https://auth.example.com"');
    expect(signIn.openidClient).toContain('client.discovery(new URL("https://auth.example.com")');
    expect(signIn.authlib).toContain('server_metadata_url="https://auth.example.com/.well-known/openid-configuration"');
    expect(signIn.spring).toContain("issuer-uri: https://auth.example.com\n");
    for (const sample of [signIn.openidClient, signIn.authlib, signIn.spring]) expect(sample).toMatch(/openid,? profile,? email/);
    // Auth.js asks for openid profile email by default.
    expect(signIn.authjs).not.toMatch(/scope/);
  });

  it("show for Auth.js the provider examples/authjs runs in the e2e test, and nothing Gatehouse-specific beyond it", () => {
    /** The provider object's keys and its literal values, as written in a file. */
    const provider = (source: string) => {
      const body = /providers:\s*\[\s*\{([\s\S]*?)\}\s*,?\s*\]/.exec(source)?.[1];
      expect(body, "a providers: [{ ... }] list").toBeDefined();
      return Object.fromEntries([...body!.matchAll(/^\s*(\w+):\s*(.+?),?$/gm)].map(([, key, value]) => [key!, /^"[^"{]*"$/.test(value!) ? value : "(set per deployment)"]));
    };
    const shown = provider(SAMPLES.signIn.authjs.source);
    expect(shown).toEqual({ id: '"gatehouse"', name: '"Gatehouse"', type: '"oidc"', issuer: "(set per deployment)", clientId: "(set per deployment)", clientSecret: "(set per deployment)" });
    expect(provider(readFileSync("examples/authjs/server.mjs", "utf8"))).toEqual(shown);
  });

  it("shell-quote a value with a quote in it, and refuse a name that is no value of this server", () => {
    expect(fillSample({ language: "shell", source: "curl '{{issuer}}'" }, { issuer: "https://a.example/it's" })).toBe("curl 'https://a.example/it'\\''s'");
    expect(() => fillSample({ language: "python", source: 'x = "{{client_secret}}"' }, values)).toThrow(/\{\{client_secret\}\}/);
  });

  it("never write the PKCE method or an endpoint's path themselves: both come from the server's tables", () => {
    const paths = Object.values(ENDPOINT_PATHS).filter((p) => p !== "/docs");
    for (const [name, { source }] of everySample()) {
      expect(source, name).not.toMatch(/S256|plain/);
      for (const path of paths) expect(source, `${name} writes ${path}`).not.toContain(path);
    }
    // The method as RFC 7636 §4.3 spells it, written here as an oracle of its own.
    expect(integratorExamples("https://auth.example.com").authorize.curl).toContain("&code_challenge_method=S256");
    expect(libraryExamples("https://auth.example.com").authlib).toContain('"code_challenge_method": "S256"');
  });

  it("send only grant types the token endpoint takes", () => {
    const sent = everySample().flatMap(([, sample]) => [...fillSample(sample, values).matchAll(/grant_type["']?\s*[=:]\s*["']?(\w+)/g)].map((m) => m[1]!));
    expect(new Set(sent)).toEqual(new Set(SUPPORTED_GRANT_TYPES));
  });

  it("parse as shell (bash -n) and as Python (ast.parse)", () => {
    const python: Record<string, string> = {};
    for (const [name, sample] of everySample()) {
      const shown = fillSample(sample, values);
      if (sample.language === "shell") expect(spawnSync("bash", ["-n"], { input: shown, encoding: "utf8" }), name).toMatchObject({ status: 0, stderr: "" });
      if (sample.language === "python") python[name] = shown;
    }
    // One interpreter for all of them: a Python start costs a good part of a second on a busy machine.
    const check = "import ast, json, sys\nfor name, source in json.load(sys.stdin).items():\n    try: ast.parse(source)\n    except SyntaxError as e: print(name, e)";
    const parsed = spawnSync("python3", ["-c", check], { input: JSON.stringify(python), encoding: "utf8" });
    expect(parsed.error, "python3 is needed to check the Python samples").toBeUndefined();
    expect(Object.keys(python).length).toBeGreaterThan(3);
    expect(parsed, "every Python sample parses").toMatchObject({ status: 0, stdout: "", stderr: "" });
  });

  it("refresh one at a time and store both new tokens at once", () => {
    const { refresh } = integratorExamples("https://auth.example.com");
    for (const sample of [refresh.javascript, refresh.python]) expect(sample).toMatch(/Store both now: the previous access token and refresh token stop working at once/);
    expect(refresh.javascript).toMatch(/refreshing \?\?= fetch\(/);
    expect(refresh.python).toMatch(/^with refresh_lock:/);
  });
});

/**
 * The curl samples as an integrator runs them: filled in as the page shows them, for a server
 * on this machine whose endpoints are the protocol handlers, with the integrator's placeholders
 * (YOUR_CLIENT_ID, CODE_FROM_THE_CALLBACK, ...) replaced by real values.
 */
describe("the curl samples, run against the endpoints", () => {
  let ctx: TestContext;
  let issuer: string;
  const server = createServer((request, response) => void serve(request, response));
  const handlers: Record<string, (request: ProtocolRequest, ctx: TestContext) => Promise<ProtocolAnswer>> = {
    [ENDPOINT_PATHS.token]: handleTokenRequest,
    [ENDPOINT_PATHS.revocation]: handleRevocationRequest,
    [ENDPOINT_PATHS.introspection]: handleIntrospectionRequest,
    [ENDPOINT_PATHS.userinfo]: handleUserinfoRequest,
  };
  async function serve(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
    const body = request.method === "GET" ? undefined : Buffer.concat(chunks);
    const handler = handlers[new URL(request.url!, issuer).pathname];
    if (!handler) return response.writeHead(404).end();
    const answer = await call(handler, protocolRequest(new URL(request.url!, issuer).href, { method: request.method, headers, body }), ctx);
    response.writeHead(answer.status, { "Content-Type": "application/json" }).end(JSON.stringify(answer.body));
  }

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A filled-in shell sample with the placeholders replaced, run by bash as it stands; its standard output. */
  async function runShell(sample: string, placeholders: Record<string, string>): Promise<string> {
    const script = Object.entries(placeholders).reduce((s, [name, value]) => s.replace(new RegExp(`\\b${name}\\b`, "g"), value), sample);
    return (await run("bash", ["-c", `set -euo pipefail\n${script}`])).stdout;
  }
  const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

  it("make a verifier and its challenge", async () => {
    const { pkce } = integratorExamples(issuer);
    const { stdout } = await run("bash", ["-c", `set -euo pipefail\n${pkce.curl}\nprintf '%s %s' "$CODE_VERIFIER" "$CODE_CHALLENGE"`]);
    const [verifier, challenge] = stdout.split(" ");
    expect(isValidVerifier(verifier!)).toBe(true);
    expect(challenge).toBe(s256(verifier!));
  });

  it("open an authorization request the endpoint accepts", async () => {
    ctx = testContext();
    const client = givenAClient(ctx, "confidential", ["https://app.example.com/callback"]);
    const lines = integratorExamples(issuer).authorize.curl.split("\n").filter((line) => !line.startsWith("#"));
    const url = new URL(lines.map((line) => line.trim()).join("").replace("YOUR_CLIENT_ID", client.clientId).replace("=CODE_CHALLENGE", `=${CHALLENGE}`));
    expect(url.origin + url.pathname).toBe(`${issuer}${ENDPOINT_PATHS.authorization}`);
    expect(await checkAuthorizationRequest(Params.fromSearch(url.searchParams), ctx)).toMatchObject({ kind: "ok" });
  });

  it("exchange a code, read the user, introspect, refresh and revoke", async () => {
    ctx = testContext();
    const client = givenAClient(ctx, "confidential", ["https://app.example.com/callback"]);
    const { code, user } = await givenACode(ctx, client, { scope: "profile" });
    const ex = integratorExamples(issuer);
    const credentials = { YOUR_CLIENT_ID: client.clientId, YOUR_CLIENT_SECRET: client.secret! };

    const tokens = json(await runShell(ex.exchange.curl, { ...credentials, CODE_FROM_THE_CALLBACK: code, CODE_VERIFIER: VERIFIER }));
    expect(tokens).toMatchObject({ token_type: "Bearer", scope: "profile user.read" });
    const access = tokens.access_token as string;

    expect(json(await runShell(ex.userinfo.curl, { ACCESS_TOKEN: access }))).toMatchObject({ sub: user.id, preferred_username: user.username });
    expect(json(await runShell(ex.introspect.curl, { ...credentials, ACCESS_OR_REFRESH_TOKEN: access }))).toMatchObject({ active: true, sub: user.id });

    const refreshed = json(await runShell(ex.refresh.curl, { ...credentials, REFRESH_TOKEN: tokens.refresh_token as string }));
    expect(refreshed.access_token).toEqual(expect.any(String));
    expect(refreshed.access_token).not.toBe(access);

    expect(json(await runShell(ex.revoke.curl, { ...credentials, REFRESH_TOKEN: refreshed.refresh_token as string }))).toEqual({});
    expect(json(await runShell(ex.introspect.curl, { ...credentials, ACCESS_OR_REFRESH_TOKEN: refreshed.access_token as string }))).toEqual({ active: false });
  });

  it("introspect a bearer token with an API's credentials", async () => {
    ctx = testContext();
    const api = givenAnApi(ctx, ["notes.read"], "https://notes.example.com");
    const user = givenAUser(ctx);
    const { key } = givenAPersonalKey(ctx, user.id, "notes.read user.read");
    const introspect = apiExamples(issuer).introspect.curl.split("\n").filter((line) => !line.startsWith("#") && line !== "").join("\n");
    const answer = json(await runShell(introspect, { YOUR_API_ID: api.apiId, YOUR_API_SECRET: api.secret, THE_BEARER_TOKEN: key }));
    expect(answer).toMatchObject({ active: true, scope: "notes.read", aud: "https://notes.example.com/", sub: user.id });
  });
});
