import { describe, expect, it } from "vitest";

describe("the documented response bodies", () => {
  it("have exactly the members the endpoints send", async () => {
    const { responseExamples } = await import("@/lib/docs/responses");
    const { handleTokenRequest } = await import("@/lib/oauth/token-endpoint");
    const { handleUserinfoRequest } = await import("@/lib/oauth/userinfo");
    const { handleIntrospectionRequest } = await import("@/lib/oauth/introspect");
    const { call, givenACode, ISSUER, protocolRequest, testContext, tokenRequest, VERIFIER } = await import("@/lib/oauth/testing/fixtures");
    const ctx = testContext();
    const issued = await givenACode(ctx, undefined, { scope: "profile email" });
    const credentials = { id: issued.client.clientId, secret: issued.client.secret! };
    const token = await call(
      handleTokenRequest,
      tokenRequest({ grant_type: "authorization_code", code: issued.code, redirect_uri: issued.client.redirectUris[0]!, code_verifier: VERIFIER }, credentials),
      ctx,
    );
    const access = (token.body as { access_token: string }).access_token;
    const userinfo = await call(handleUserinfoRequest, protocolRequest(`${ISSUER}/oauth/userinfo`, { headers: { Authorization: `Bearer ${access}` } }), ctx);
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
