import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER } from "@/lib/client-ip";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect";
import { RequestLimits } from "@/lib/oauth/rate-limits";
import { handleRevocationRequest } from "@/lib/oauth/revoke";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import { call, givenAClient, givenAnApi, protocolRequest, testContext, tokenRequest, UNREACHED_BUDGETS, type TestContext } from "@/lib/oauth/testing/fixtures";
import { handleUserinfoRequest } from "@/lib/oauth/userinfo";
import { createRateLimiter } from "@/lib/rate-limit/limiter";
import type { Budget, PolicyName } from "@/lib/rate-limit/policies";
import { clientIpOf } from "@/lib/rate-limit/server";

/** One shared limiter (as one server has), and a context per request from a given address. */
function server(budgets: Partial<Record<PolicyName, Budget>>) {
  const ctx = testContext();
  const limiter = createRateLimiter({ kind: "memory" }, { ...UNREACHED_BUDGETS, ...budgets });
  const from = (ip: string): TestContext => ({ ...ctx, limits: new RequestLimits(limiter, ip) });
  return { ctx, from };
}

const revoke = (ctx: TestContext, id: string, secret: string) => call(handleRevocationRequest, tokenRequest({ token: "gat_unknown" }, { id, secret }, "/oauth/revoke"), ctx);

describe("rate limits at the protocol endpoints", () => {
  it("answer 429 too_many_requests with Retry-After and the RateLimit fields once an address spends its budget", async () => {
    const { ctx, from } = server({ "protocol-ip": { points: 3, seconds: 60 } });
    const client = givenAClient(ctx);
    for (let i = 0; i < 3; i++) expect((await revoke(from("198.51.100.1"), client.clientId, client.secret!)).status).toBe(200);
    const refused = await revoke(from("198.51.100.1"), client.clientId, client.secret!);
    expect(refused).toMatchObject({ status: 429, body: { error: "too_many_requests", error_description: expect.stringMatching(/^too many requests: retry after \d+ seconds$/) } });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(refused.headers["ratelimit-policy"]).toBe('"protocol-ip";q=3;w=60');
    expect(refused.headers["ratelimit"]).toMatch(/^"protocol-ip";r=0;t=\d+$/);
    // Another address has its own budget.
    expect((await revoke(from("198.51.100.2"), client.clientId, client.secret!)).status).toBe(200);
  });

  it("count failed client authentications per (client, address): the right secret from elsewhere is never refused", async () => {
    const { ctx, from } = server({ "client-auth-failures": { points: 3, seconds: 600 } });
    const client = givenAClient(ctx);
    const attacker = from("203.0.113.66");
    for (let i = 0; i < 3; i++) expect((await revoke(attacker, client.clientId, "gsec_wrong")).status).toBe(401);
    expect(await revoke(attacker, client.clientId, "gsec_wrong")).toMatchObject({ status: 429, body: { error_description: expect.stringMatching(/too many failed client authentications/) } });
    // The attacker's address is stopped even with the right secret; the app's own servers are not.
    expect((await revoke(attacker, client.clientId, client.secret!)).status).toBe(429);
    expect((await revoke(from("198.51.100.7"), client.clientId, client.secret!)).status).toBe(200);
  });

  it("spend an app's own budget only once it has authenticated, so nobody can spend it with its public client_id", async () => {
    const { ctx, from } = server({ "protocol-client": { points: 2, seconds: 60 } });
    const client = givenAClient(ctx);
    for (let i = 0; i < 5; i++) await revoke(from(`203.0.113.${i}`), client.clientId, "gsec_wrong");
    expect((await revoke(from("198.51.100.7"), client.clientId, client.secret!)).status).toBe(200);
    expect((await revoke(from("198.51.100.8"), client.clientId, client.secret!)).status).toBe(200);
    expect(await revoke(from("198.51.100.9"), client.clientId, client.secret!)).toMatchObject({ status: 429, headers: expect.anything() });
  });

  it("give registered APIs' introspection its own, higher budget", async () => {
    const { ctx, from } = server({ "protocol-ip": { points: 1, seconds: 60 }, "api-introspection": { points: 5, seconds: 60 } });
    const api = givenAnApi(ctx, ["notes.read"]);
    const introspect = () => call(handleIntrospectionRequest, tokenRequest({ token: "gat_x" }, { id: api.apiId, secret: api.secret }, "/oauth/introspect"), from("198.51.100.20"));
    for (let i = 0; i < 5; i++) expect((await introspect()).body).toEqual({ active: false });
    expect((await introspect()).status).toBe(429);
  });

  it("limit userinfo per address, before the token is even read", async () => {
    const { from } = server({ "protocol-ip": { points: 1, seconds: 60 } });
    const ask = () => call(handleUserinfoRequest, protocolRequest("https://auth.test/oauth/userinfo", { headers: { Authorization: "Bearer gat_x" } }), from("198.51.100.30"));
    expect((await ask()).status).toBe(401);
    expect((await ask()).status).toBe(429);
  });

  it("count an IPv6 sender by its /64: another address in the same /64 spends the same budget", async () => {
    const { ctx, from } = server({ "protocol-ip": { points: 2, seconds: 60 } });
    const client = givenAClient(ctx);
    const at = (address: string) => from(clientIpOf(new Headers({ [CLIENT_IP_HEADER]: address })));
    expect((await revoke(at("2001:db8:1:2::1"), client.clientId, client.secret!)).status).toBe(200);
    expect((await revoke(at("2001:db8:1:2:ffff:ffff:ffff:ffff"), client.clientId, client.secret!)).status).toBe(200);
    expect((await revoke(at("2001:db8:1:2::abcd"), client.clientId, client.secret!)).status).toBe(429);
    expect((await revoke(at("2001:db8:1:3::1"), client.clientId, client.secret!)).status).toBe(200);
  });

  it("report the tightest budget a request spent from", async () => {
    const { ctx, from } = server({ "protocol-ip": { points: 100, seconds: 60 }, "protocol-client": { points: 4, seconds: 60 } });
    const client = givenAClient(ctx);
    const limits = from("198.51.100.40");
    await revoke(limits, client.clientId, client.secret!);
    expect(limits.limits.headers()).toEqual({ "ratelimit-policy": '"protocol-client";q=4;w=60', ratelimit: expect.stringMatching(/^"protocol-client";r=3;t=\d+$/) });
  });

  it("count requests to token, revocation and introspection before reading them: a body without grant_type spends the budget too", async () => {
    const { ctx, from } = server({ "protocol-ip": { points: 3, seconds: 60 }, "api-introspection": { points: 3, seconds: 60 } });
    const client = givenAClient(ctx);
    const cases = [
      { handler: handleTokenRequest, request: () => tokenRequest({}, { id: client.clientId, secret: client.secret! }) },
      { handler: handleRevocationRequest, request: () => protocolRequest("https://auth.test/oauth/revoke", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "x" }) },
      { handler: handleIntrospectionRequest, request: () => protocolRequest("https://auth.test/oauth/introspect", { method: "POST", body: "token=a&token=b" }) },
    ];
    for (const [i, { handler, request }] of cases.entries()) {
      const limits = from(`198.51.100.${50 + i}`);
      for (let n = 0; n < 3; n++) expect((await call(handler, request(), limits)).status).toBe(400);
      expect(limits.limits.headers()).toMatchObject({ ratelimit: expect.stringMatching(/;r=0;/) });
      expect(await call(handler, request(), limits)).toMatchObject({ status: 429, body: { error: "too_many_requests" } });
    }
  });
});

describe("client IDs from unauthenticated senders", () => {
  const LONG_ID = "x".repeat(60_000);
  const limiterFor = () => {
    const limiter = createRateLimiter({ kind: "memory" }, UNREACHED_BUDGETS);
    const ctx = testContext();
    return { ctx, limiter, from: (ip: string): TestContext => ({ ...ctx, limits: new RequestLimits(limiter, ip) }) };
  };

  it("refuse an ID that is neither a client ID nor an API ID in shape as it is read, in the body or in Basic, and store no key for it", async () => {
    const { limiter, from } = limiterFor();
    for (let i = 0; i < 50; i++) {
      const id = `${LONG_ID}${i}`;
      const inBody = await call(handleTokenRequest, tokenRequest({ grant_type: "authorization_code", code: "x", client_id: id }), from("198.51.100.60"));
      const inBasic = await call(handleIntrospectionRequest, tokenRequest({ token: "gat_x" }, { id, secret: "s" }, "/oauth/introspect"), from("198.51.100.61"));
      for (const answer of [inBody, inBasic]) {
        expect(answer).toMatchObject({ status: 401, body: { error: "invalid_client", error_description: expect.stringMatching(/^client_id is not an ID Gatehouse issued/) } });
        expect(JSON.stringify(answer.body).length).toBeLessThan(400);
      }
    }
    // The two addresses' request budgets, nothing per client ID.
    expect(limiter.stats()["client-auth-failures"]).toEqual({ keys: 0, keyBytes: 0 });
    expect(limiter.stats()["protocol-ip"]).toEqual({ keys: 1, keyBytes: 43 });
    expect(limiter.stats()["api-introspection"]).toEqual({ keys: 1, keyBytes: 43 });
  });

  it("give an unknown client ID or API ID of the right shape no failure budget of its own", async () => {
    const { limiter, from } = limiterFor();
    for (let i = 0; i < 30; i++) {
      const clientId = `unknownclient${String(i).padStart(11, "0")}`;
      expect((await revoke(from("198.51.100.62"), clientId, "gsec_x")).body).toMatchObject({ error: "invalid_client", error_description: "no application has this client_id" });
      const apiId = `api_unknownapi${String(i).padStart(6, "0")}`;
      const introspected = await call(handleIntrospectionRequest, tokenRequest({ token: "gat_x" }, { id: apiId, secret: "gapi_x" }, "/oauth/introspect"), from("198.51.100.62"));
      expect(introspected.body).toMatchObject({ error: "invalid_client", error_description: "no registered API has this API ID" });
    }
    expect(limiter.stats()["client-auth-failures"].keys).toBe(0);
  });

  it("store every key as a 43-character digest, whatever the parts", async () => {
    const { ctx, limiter, from } = limiterFor();
    const client = givenAClient(ctx);
    await revoke(from(`2001:db8::${"1".repeat(4)}`), client.clientId, "gsec_wrong");
    const stats = limiter.stats();
    expect(stats["client-auth-failures"]).toEqual({ keys: 1, keyBytes: 43 });
    expect(stats["protocol-ip"]).toEqual({ keys: 1, keyBytes: 43 });
  });
});
