import { describe, expect, it } from "vitest";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect";
import { RequestLimits } from "@/lib/oauth/rate-limits";
import { handleRevocationRequest } from "@/lib/oauth/revoke";
import { call, givenAClient, givenAnApi, testContext, tokenRequest, UNREACHED_BUDGETS, type TestContext } from "@/lib/oauth/testing/fixtures";
import { handleUserinfoRequest } from "@/lib/oauth/userinfo";
import { createRateLimiter } from "@/lib/rate-limit/limiter";
import type { Budget, PolicyName } from "@/lib/rate-limit/policies";

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
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("ratelimit-policy")).toBe('"protocol-ip";q=3;w=60');
    expect(refused.headers.get("ratelimit")).toMatch(/^"protocol-ip";r=0;t=\d+$/);
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
    const ask = () => call(handleUserinfoRequest, new Request("https://auth.test/oauth/userinfo", { headers: { Authorization: "Bearer gat_x" } }), from("198.51.100.30"));
    expect((await ask()).status).toBe(401);
    expect((await ask()).status).toBe(429);
  });

  it("report the tightest budget a request spent from", async () => {
    const { ctx, from } = server({ "protocol-ip": { points: 100, seconds: 60 }, "protocol-client": { points: 4, seconds: 60 } });
    const client = givenAClient(ctx);
    const limits = from("198.51.100.40");
    await revoke(limits, client.clientId, client.secret!);
    expect(limits.limits.headers()).toEqual({ "RateLimit-Policy": '"protocol-client";q=4;w=60', RateLimit: expect.stringMatching(/^"protocol-client";r=3;t=\d+$/) });
  });
});
