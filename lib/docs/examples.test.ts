import { describe, expect, it } from "vitest";
import { integratorExamples } from "@/lib/docs/examples";

describe("integratorExamples", () => {
  it("quotes every value of its shell commands", () => {
    const examples = integratorExamples("https://auth.example.com");
    for (const [name, example] of Object.entries(examples)) {
      if (name === "authorize" || name === "pkce") continue;
      for (const line of example.curl.split("\n").filter((l) => !l.startsWith("#"))) {
        // Every word after an option is a quoted shell word.
        for (const match of line.matchAll(/(?:^curl(?: -X POST)?|-u|-d|--data-urlencode|-H) ('[^']*'|\S+)/g)) expect(match[1], `${name}: ${line}`).toMatch(/^'.*'$/);
      }
    }
  });

  it("uses this server's endpoints in every language", () => {
    const examples = integratorExamples("https://auth.example.com");
    expect(examples.exchange.curl).toContain("curl -X POST 'https://auth.example.com/oauth/token'");
    expect(examples.exchange.javascript).toContain('fetch("https://auth.example.com/oauth/token"');
    expect(examples.exchange.python).toContain('"https://auth.example.com/oauth/token"');
    expect(examples.userinfo.curl).toContain("https://auth.example.com/oauth/userinfo");
    expect(examples.revoke.python).toContain("https://auth.example.com/oauth/revoke");
    expect(examples.authorize.javascript).toContain("https://auth.example.com/oauth/authorize");
    const all = JSON.stringify(examples);
    expect(all).not.toContain("localhost");
  });
});

describe("the refresh examples", () => {
  it("store both new tokens at once and make one refresh at a time", () => {
    const { refresh } = integratorExamples("https://auth.example.com");
    for (const sample of [refresh.javascript, refresh.python]) expect(sample).toMatch(/Store both now: the previous access token and refresh token stop working at once/);
    expect(refresh.javascript).toMatch(/refreshing \?\?= fetch\(/);
    expect(refresh.python).toMatch(/^with refresh_lock:/);
  });
});

describe("apiExamples", () => {
  it("introspects at this server's endpoint with the API's credentials in every language", async () => {
    const { apiExamples } = await import("@/lib/docs/examples");
    const examples = apiExamples("https://auth.example.com");
    for (const sample of Object.values(examples.introspect)) expect(sample).toMatch(/YOUR_API_ID|discoveryRequest/);
    expect(examples.introspect.curl).toContain("curl -X POST 'https://auth.example.com/oauth/introspect'");
    expect(examples.introspect.python).toContain('"https://auth.example.com/oauth/introspect"');
    expect(examples.introspect.javascript).toContain('new URL("https://auth.example.com")');
    expect(examples.middleware.javascript).toContain("insufficient_scope");
  });
});

describe("the documented response bodies", () => {
  it("have exactly the members the endpoints send", async () => {
    const { responseExamples } = await import("@/lib/docs/examples");
    const { handleTokenRequest } = await import("@/lib/oauth/token-endpoint");
    const { handleUserinfoRequest } = await import("@/lib/oauth/userinfo");
    const { handleIntrospectionRequest } = await import("@/lib/oauth/introspect");
    const { call, givenACode, ISSUER, testContext, tokenRequest, VERIFIER } = await import("@/lib/oauth/testing/fixtures");
    const ctx = testContext();
    const issued = await givenACode(ctx, undefined, { scope: "profile email" });
    const credentials = { id: issued.client.clientId, secret: issued.client.secret! };
    const token = await call(
      handleTokenRequest,
      tokenRequest({ grant_type: "authorization_code", code: issued.code, redirect_uri: issued.client.redirectUris[0]!, code_verifier: VERIFIER }, credentials),
      ctx,
    );
    const access = (token.body as { access_token: string }).access_token;
    const userinfo = await call(handleUserinfoRequest, new Request(`${ISSUER}/oauth/userinfo`, { headers: { Authorization: `Bearer ${access}` } }), ctx);
    const introspection = await call(handleIntrospectionRequest, tokenRequest({ token: access }, credentials, "/oauth/introspect"), ctx);
    const inactive = await call(handleIntrospectionRequest, tokenRequest({ token: "gat_nothing" }, credentials, "/oauth/introspect"), ctx);

    const documented = responseExamples(ISSUER);
    const keys = (value: unknown) => Object.keys(value as object).sort();
    expect(keys(JSON.parse(documented.token))).toEqual(keys(token.body));
    expect(keys(JSON.parse(documented.userinfo))).toEqual(keys(userinfo.body));
    expect(keys(JSON.parse(documented.introspection))).toEqual(keys(introspection.body));
    expect(JSON.parse(documented.inactive)).toEqual(inactive.body);
    expect(JSON.parse(documented.token).expires_in).toBe((token.body as { expires_in: number }).expires_in);
    expect(JSON.parse(documented.introspection).iss).toBe(ISSUER);
  });
});

describe("libraryExamples", () => {
  it("configures each library with this server's URLs", async () => {
    const { libraryExamples } = await import("@/lib/docs/examples");
    const libraries = libraryExamples("https://auth.example.com");
    expect(libraries.oauth4webapi).toContain('new URL("https://auth.example.com")');
    expect(libraries.nextauth).toContain('token: "https://auth.example.com/oauth/token"');
    expect(libraries.nextauth).toContain('issuer: "https://auth.example.com"');
    expect(libraries.authlib).toContain('server_metadata_url="https://auth.example.com/.well-known/oauth-authorization-server"');
  });
});
