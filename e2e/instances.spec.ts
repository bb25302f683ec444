import { expect, test, type BrowserContext } from "@playwright/test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { startChildServer, type ChildServer } from "./child-server";
import { newAccount, registerApp, signUp, type RegisteredApp } from "./helpers";
import { GUIDE_NGINX_CONF, startNginx, type Nginx } from "./nginx";

// Two production instances on one PostgreSQL database behind Debian's nginx, running the
// configuration docs/DEPLOYMENT.md shows (deploy/nginx/gatehouse.conf) with TRUST_PROXY=1. The
// ports are the ones that file names: nginx on 127.0.0.1:8080, the instances on 3001 and 3002.
// A plain SIGTERM is tested under a GET load (nginx passes a GET caught by the instance's close
// on to the other one, never a POST); the restart that takes the instance out of nginx first,
// as the guide says, under a load of rotations (POST).
const PROXY = "http://127.0.0.1:8080";
const INSTANCE_PORTS = [3001, 3002] as const;
const CALLBACK = "https://instances.test/callback";
const PARALLEL = 10;
const FAILURE_BUDGET = 4;
const DRAIN_DELAY_S = 2;
const SHUTDOWN_TIMEOUT_S = 10;
const isPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Record<string, string> };
type Send = { method?: string; headers?: Record<string, string>; form?: Record<string, string>; from?: string; agent?: http.Agent };

/** One request with node:http, so that it can leave from a loopback address of its own (`from`). */
function send(url: string, { method = "GET", headers = {}, form, from, agent }: Send = {}): Promise<Answer> {
  const body = form ? new URLSearchParams(form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: form ? "POST" : method,
        localAddress: from,
        agent: agent ?? false,
        headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) }) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: Record<string, string> = {};
          try {
            parsed = JSON.parse(text) as Record<string, string>;
          } catch {
            parsed = { text };
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: parsed });
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", () => reject(new Error(`127.0.0.1:${port} is taken: deploy/nginx/gatehouse.conf names it, so this test needs it free`)));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

const upstreamOf = (port: number) => `127.0.0.1:${port}`;

const startInstance = (port: number) =>
  startChildServer(port, {
    // One public name for both: the issuer, the sessions' URL and the secret are the proxy's.
    GATEHOUSE_ISSUER: PROXY,
    NEXTAUTH_URL: PROXY,
    TRUST_PROXY: "1",
    GATEHOUSE_DRAIN_DELAY: String(DRAIN_DELAY_S),
    GATEHOUSE_SHUTDOWN_TIMEOUT: String(SHUTDOWN_TIMEOUT_S),
    // The e2e server's budgets (playwright.config.ts), which share these counters in
    // PostgreSQL, and a small failure budget of this test's own.
    GATEHOUSE_LIMIT_PROTOCOL_IP: "1000000/60",
    GATEHOUSE_LIMIT_PROTOCOL_CLIENT: "1000000/60",
    GATEHOUSE_LIMIT_SIGN_IN_IP: "1000000/600",
    GATEHOUSE_LIMIT_ACCOUNT_IP: "1000000/3600",
    GATEHOUSE_LIMIT_CLIENT_AUTH_FAILURES: `${FAILURE_BUDGET}/600`,
  });

/** Waits until the instance's /readyz answers 200, as a load balancer would before sending to it. */
async function ready(instance: ChildServer) {
  const until = Date.now() + 10_000;
  while ((await send(`${instance.url}/readyz`)).status !== 200) {
    if (Date.now() > until) throw new Error(`${instance.url} is not ready within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test.describe("two instances behind nginx on one PostgreSQL database", () => {
  test.skip(!isPostgres, "two instances need PostgreSQL: several processes on one SQLite file are not supported (run it under scripts/with-postgres.sh)");
  test.describe.configure({ mode: "serial" });

  let instances: ChildServer[] = [];
  let nginx: Nginx;
  let context: BrowserContext;
  let app: RegisteredApp;
  let basic: string;

  const tokenRequest = (base: string, form: Record<string, string>, from?: string) => send(`${base}/oauth/token`, { form, from, headers: { Authorization: basic } });
  const outcome = (answers: Answer[]) => ({
    ok: answers.filter((a) => a.status === 200).length,
    invalidGrant: answers.filter((a) => a.status === 400 && a.body.error === "invalid_grant").length,
  });
  const newCode = async () => {
    const response = await context.request.get(`/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: CALLBACK })}`, { maxRedirects: 0 });
    expect(response.status()).toBe(302);
    return new URL(response.headers()["location"]!).searchParams.get("code")!;
  };
  const freshTokens = async () => {
    const answer = await tokenRequest(PROXY, { grant_type: "authorization_code", code: await newCode(), redirect_uri: CALLBACK });
    expect(answer.status).toBe(200);
    return answer.body as { access_token: string; refresh_token: string };
  };
  const userinfoStatus = async (base: string, accessToken: string) => (await send(`${base}/oauth/userinfo`, { headers: { Authorization: `Bearer ${accessToken}` } })).status;

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(120_000);
    await Promise.all([8080, ...INSTANCE_PORTS].map(assertPortFree));
    instances = await Promise.all(INSTANCE_PORTS.map(startInstance));
    nginx = await startNginx(GUIDE_NGINX_CONF, `${PROXY}/api/health`);

    // The portal through the proxy: its forms check the Origin against the Host nginx passes on,
    // and the session cookie one instance sets is read by the other.
    context = await browser.newContext({ baseURL: PROXY });
    const page = await context.newPage();
    await page.route("https://instances.test/**", (route) => route.fulfill({ status: 200, body: "callback" }));
    await signUp(page, newAccount("Ingrid Instances"));
    app = await registerApp(page, { name: "Two Instances", uris: [CALLBACK] });
    basic = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`;
    await page.goto(`/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: CALLBACK })}`);
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(/^https:\/\/instances\.test\/callback\?/);
  });

  test.afterAll(async () => {
    await context?.close();
    await nginx?.stop();
    await Promise.all(instances.map((instance) => instance.stop()));
  });

  test("concurrent redemptions and rotations split between the instances: exactly one wins", async () => {
    const mark = nginx.logMark();
    const code = await newCode();
    const redemptions = await Promise.all(Array.from({ length: PARALLEL }, () => tokenRequest(PROXY, { grant_type: "authorization_code", code, redirect_uri: CALLBACK })));
    expect(outcome(redemptions)).toEqual({ ok: 1, invalidGrant: PARALLEL - 1 });

    const { refresh_token } = await freshTokens();
    const rotations = await Promise.all(Array.from({ length: PARALLEL }, () => tokenRequest(PROXY, { grant_type: "refresh_token", refresh_token })));
    expect(outcome(rotations)).toEqual({ ok: 1, invalidGrant: PARALLEL - 1 });
    // The losers presented a used token: a replay, which revoked the winner's tokens everywhere.
    const winner = rotations.find((a) => a.status === 200)!.body;
    for (const instance of instances) expect(await userinfoStatus(instance.url, winner.access_token!)).toBe(401);

    // The instances write their request log in batches, at least every 250 ms.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const tokenCalls = nginx.logSince(mark).filter((r) => r.path === "/oauth/token");
    expect(tokenCalls).toHaveLength(2 * PARALLEL + 1);
    // Each answer carries nginx's id for its request, which the instance that served it logged.
    const ids = new Map(tokenCalls.map((r) => [r.requestId, r.upstream]));
    for (const answer of [...redemptions, ...rotations]) {
      const id = answer.headers["x-request-id"] as string;
      expect(ids.has(id), `X-Request-Id ${id} is nginx's`).toBe(true);
      const served = instances[INSTANCE_PORTS.findIndex((port) => ids.get(id) === upstreamOf(port))]!;
      expect(served.output().stdout).toContain(`"requestId":"${id}"`);
    }
    for (const port of INSTANCE_PORTS) expect(tokenCalls.filter((r) => r.upstream === upstreamOf(port)).length, `token requests ${port} served`).toBeGreaterThanOrEqual(PARALLEL / 2 - 1);
  });

  test("a replay at one instance revokes the family at the other; a revocation at one is dead at the other on the next request", async () => {
    const [a, b] = instances as [ChildServer, ChildServer];
    const first = await freshTokens();
    const rotated = await tokenRequest(a.url, { grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(rotated.status).toBe(200);
    const replay = await tokenRequest(b.url, { grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(replay.body).toMatchObject({ error: "invalid_grant", error_description: expect.stringMatching(/already used/) });
    expect(await userinfoStatus(a.url, rotated.body.access_token!)).toBe(401);
    expect((await tokenRequest(a.url, { grant_type: "refresh_token", refresh_token: rotated.body.refresh_token! })).body.error).toBe("invalid_grant");

    const live = await freshTokens();
    expect(await userinfoStatus(b.url, live.access_token)).toBe(200);
    expect((await send(`${a.url}/oauth/revoke`, { form: { token: live.access_token }, headers: { Authorization: basic } })).status).toBe(200);
    expect(await userinfoStatus(b.url, live.access_token)).toBe(401);
    expect((await send(`${b.url}/oauth/introspect`, { form: { token: live.access_token }, headers: { Authorization: basic } })).body).toEqual({ active: false });
  });

  test("failed client authentications spend one budget across the instances, keyed on the address nginx forwards", async () => {
    const wrong = { Authorization: `Basic ${Buffer.from(`${app.clientId}:gsec_wrong`).toString("base64")}` };
    const failAt = (from: string, headers: Record<string, string> = {}) =>
      send(`${PROXY}/oauth/token`, { form: { grant_type: "refresh_token", refresh_token: "grt_x" }, from, headers: { ...wrong, ...headers } });
    const mark = nginx.logMark();

    const spent: number[] = [];
    for (let i = 0; i < FAILURE_BUDGET; i++) spent.push((await failAt("127.0.0.2")).status);
    expect(spent).toEqual(Array(FAILURE_BUDGET).fill(401));
    const limited = await failAt("127.0.0.2");
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe("too_many_requests");
    expect(limited.headers["ratelimit-policy"]).toBe(`"client-auth-failures";q=${FAILURE_BUDGET};w=600`);
    // Round robin sent the failures to both instances: the budget is the database's, not a process's.
    const failures = nginx.logSince(mark);
    for (const port of INSTANCE_PORTS) expect(failures.some((r) => r.upstream === upstreamOf(port) && r.status === 401), `a failure counted at ${port}`).toBe(true);
    expect(failures.every((r) => r.from === "127.0.0.2")).toBe(true);

    // Another address has its own budget, even when it claims to be the exhausted one: nginx
    // appends the address it saw, and with TRUST_PROXY=1 that hop is the one counted.
    expect((await failAt("127.0.0.3", { "X-Forwarded-For": "127.0.0.2" })).status).toBe(401);
    expect((await failAt("127.0.0.3")).status).toBe(401);
    expect((await send(`${PROXY}/oauth/revoke`, { form: { token: "gat_unknown" }, from: "127.0.0.3", headers: { Authorization: basic } })).status).toBe(200);
    // And the exhausted address stays exhausted, whatever it claims.
    expect((await failAt("127.0.0.2", { "X-Forwarded-For": "127.0.0.9" })).status).toBe(429);
  });

  test("SIGTERM to one instance under load: the proxy answers every request and the instance drains and exits 0", async () => {
    test.setTimeout(60_000);
    const [a, b] = instances as [ChildServer, ChildServer];
    const { access_token } = await freshTokens();
    // Sixteen keep-alive clients of the proxy, each sending its next request when the last is answered.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let running = true;
    const client = async () => {
      while (running) {
        try {
          const answer = await send(`${PROXY}/oauth/userinfo`, { headers: { Authorization: `Bearer ${access_token}` }, agent });
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        } catch (error) {
          failures.push((error as NodeJS.ErrnoException).code ?? String(error));
        }
      }
    };
    const clients = Array.from({ length: 16 }, client);
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const mark = nginx.logMark();
    const sentAt = Date.now();
    const exited = a.signal("SIGTERM");
    // Draining: not ready from the next probe on, while it keeps serving.
    const readiness = await send(`${a.url}/readyz`);
    expect(readiness.status).toBe(503);
    expect(readiness.body).toMatchObject({ status: "not_ready", failing: ["draining"] });
    expect((await send(`${a.url}/healthz`)).status).toBe(200);
    const { code: exitCode } = await exited;
    const exitedAfter = Date.now() - sentAt;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    running = false;
    await Promise.all(clients);
    agent.destroy();

    const served = nginx.logSince(mark);
    const by = (port: number) => served.filter((r) => r.upstream.endsWith(upstreamOf(port))).length;
    console.log(
      `SIGTERM under load: exit ${exitCode} after ${exitedAfter} ms; answers ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `after SIGTERM ${by(INSTANCE_PORTS[0])} answered by the stopped instance, ${by(INSTANCE_PORTS[1])} by the other, ` +
        `${served.filter((r) => r.upstream.includes(",")).length} passed on after a refused connection`,
    );
    expect(failures).toEqual([]);
    expect([...statuses.keys()]).toEqual([200]);
    expect(served.every((r) => r.status === 200)).toBe(true);
    expect(exitCode).toBe(0);
    // It served through the drain delay, then stopped well within its deadline.
    expect(exitedAfter).toBeGreaterThanOrEqual(DRAIN_DELAY_S * 1_000);
    expect(exitedAfter).toBeLessThan(SHUTDOWN_TIMEOUT_S * 1_000);
    expect(served.some((r) => r.upstream === upstreamOf(INSTANCE_PORTS[0]))).toBe(true);
    expect(await userinfoStatus(b.url, access_token)).toBe(200);
  });

  test("a restart behind nginx that takes the instance out first: rotations under load, none fails, every one durable", async () => {
    test.setTimeout(60_000);
    // The instance stopped above comes back, and nginx tries it again within fail_timeout.
    instances[0] = await startInstance(INSTANCE_PORTS[0]);
    await ready(instances[0]);
    const mark = nginx.logMark();
    for (let i = 0; i < 50 && !nginx.logSince(mark).some((r) => r.upstream === upstreamOf(INSTANCE_PORTS[0])); i++) {
      await send(`${PROXY}/healthz`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(nginx.logSince(mark).some((r) => r.upstream === upstreamOf(INSTANCE_PORTS[0])), "nginx sends to the restarted instance").toBe(true);

    // The guide's file with `down` on the second instance's line, as an operator edits it.
    const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-nginx-down-"));
    const downConf = path.join(dir, "gatehouse.conf");
    const guide = readFileSync(GUIDE_NGINX_CONF, "utf8");
    const line = `server ${upstreamOf(INSTANCE_PORTS[1])} max_fails=1 fail_timeout=5s;`;
    expect(guide).toContain(line);
    writeFileSync(downConf, guide.replace(line, line.replace(";", " down;")));

    // Sixteen clients each rotating its own refresh token, one new connection a request: a
    // reload closes the idle keep-alive connections of nginx's clients, and a client may resend
    // a POST whose connection closed unanswered only if it knows the POST never arrived.
    const chains = await Promise.all(Array.from({ length: 16 }, async () => (await freshTokens()).refresh_token));
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let running = true;
    const clients = chains.map(async (_, i) => {
      while (running) {
        try {
          const answer = await tokenRequest(PROXY, { grant_type: "refresh_token", refresh_token: chains[i]! });
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (answer.status === 200) chains[i] = answer.body.refresh_token!;
        } catch (error) {
          failures.push((error as NodeJS.ErrnoException).code ?? String(error));
        }
      }
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await nginx.reload(downConf);
      const { code } = await instances[1]!.signal("SIGTERM");
      expect(code).toBe(0);
      instances[1] = await startInstance(INSTANCE_PORTS[1]);
      await ready(instances[1]);
      const back = nginx.logMark();
      await nginx.reload(GUIDE_NGINX_CONF);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(nginx.logSince(back).some((r) => r.upstream === upstreamOf(INSTANCE_PORTS[1])), "nginx sends to the instance again").toBe(true);
    } finally {
      running = false;
      await Promise.all(clients);
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`restart behind nginx: answers ${JSON.stringify(Object.fromEntries(statuses))}, ${failures.length} failed`);
    expect(failures).toEqual([]);
    expect([...statuses.keys()]).toEqual([200]);
    // Durable: each chain's last refresh token rotates at either instance.
    for (const [i, token] of chains.entries()) {
      expect((await tokenRequest(instances[i % 2]!.url, { grant_type: "refresh_token", refresh_token: token })).status).toBe(200);
    }
  });
});
