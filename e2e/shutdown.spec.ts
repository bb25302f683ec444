import { createHash } from "node:crypto";
import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { startChildServer } from "./child-server";
import { newAccount, registerApp, signUp } from "./helpers";

// SIGTERM under load, on whichever database the suite runs (SQLite or PostgreSQL): a production
// server rotating refresh tokens for 16 keep-alive clients is stopped, and not one request
// already sent is cut. Every rotation it answered is durable (the last refresh token each client
// received still works at the suite's server), readiness failed at once while it kept serving
// through the drain delay, it exited 0 well within its deadline, and on PostgreSQL the rate-limit
// counts it had batched in memory reached the shared table.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 11;
const CALLBACK = "https://shutdown.test/callback";
const CLIENTS = 16;
const DRAIN_DELAY_S = 1.5;
const TIMEOUT_S = 15;
const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");

type Outcome = { status: number; body: Record<string, string>; connection: string | undefined } | { failed: string };

/** One rotation on the agent's keep-alive connection; a connection that could not be made (refused) or a request cut (reset, closed without an answer) is `failed`. */
function rotate(port: number, agent: http.Agent, basic: string, refreshToken: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const body = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }).toString();
    const req = http.request(
      { host: "127.0.0.1", port, method: "POST", path: "/oauth/token", agent, headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) as Record<string, string>, connection: res.headers.connection }));
        res.on("error", (error: NodeJS.ErrnoException) => resolve({ failed: error.code ?? error.message }));
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ failed: error.code ?? error.message }));
    req.end(body);
  });
}

async function approvedApp(page: Page) {
  await signUp(page, newAccount("Shutdown Tester"));
  const app = await registerApp(page, { name: "Shutdown App", uris: [CALLBACK] });
  await page.route("https://shutdown.test/**", (route) => route.fulfill({ status: 200, body: "callback" }));
  const authorize = `/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: CALLBACK })}`;
  await page.goto(authorize);
  await page.getByRole("button", { name: "Approve" }).click();
  await page.waitForURL(/^https:\/\/shutdown\.test\/callback\?/);
  const basic = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`;
  const refreshTokens: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const code = new URL((await page.request.get(authorize, { maxRedirects: 0 })).headers()["location"]!).searchParams.get("code")!;
    const tokens = await page.request.post("/oauth/token", { headers: { authorization: basic }, form: { grant_type: "authorization_code", code, redirect_uri: CALLBACK } });
    expect(tokens.status()).toBe(200);
    refreshTokens.push(((await tokens.json()) as { refresh_token: string }).refresh_token);
  }
  return { clientId: app.clientId, basic, refreshTokens };
}

test("SIGTERM under load: nothing cut, every answered rotation durable, exit 0 within the deadline", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const app = await approvedApp(page);
  const budgets = { GATEHOUSE_LIMIT_PROTOCOL_IP: "1000000/600", GATEHOUSE_LIMIT_PROTOCOL_CLIENT: "1000000/600" };
  const server = await startChildServer(PORT, { ...budgets, GATEHOUSE_DRAIN_DELAY: String(DRAIN_DELAY_S), GATEHOUSE_SHUTDOWN_TIMEOUT: String(TIMEOUT_S) });

  let signalledAt = 0;
  const answered = { before: 0, after: 0, withClose: 0 };
  const failures: string[] = [];
  const refusedAfter: number[] = [];
  const latest = [...app.refreshTokens];
  const agents = latest.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));

  // Each client rotates its own chain back to back until the server refuses its connection.
  const clients = latest.map(async (_, i) => {
    for (;;) {
      const outcome = await rotate(PORT, agents[i]!, app.basic, latest[i]!);
      if ("failed" in outcome) {
        // Refused before anything was sent is the end of the run; anything else cut a request.
        if (outcome.failed === "ECONNREFUSED" && signalledAt > 0) refusedAfter.push(Date.now() - signalledAt);
        else failures.push(outcome.failed);
        return;
      }
      expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
      latest[i] = outcome.body.refresh_token!;
      if (signalledAt === 0) answered.before++;
      else answered.after++;
      if (outcome.connection === "close") answered.withClose++;
    }
  });

  await new Promise((resolve) => setTimeout(resolve, 1_500));
  signalledAt = Date.now();
  const exited = server.signal("SIGTERM");
  // Readiness fails on the very next probe, while the server still serves.
  const probe = await fetch(`${server.url}/readyz`);
  expect(probe.status).toBe(503);
  expect(await probe.json()).toMatchObject({ status: "not_ready", failing: ["draining"] });
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

  const { code } = await exited;
  const exitSeconds = (Date.now() - signalledAt) / 1000;
  await Promise.all(clients);
  for (const agent of agents) agent.destroy();

  console.log(`shutdown: ${answered.before} rotations before SIGTERM, ${answered.after} after (${answered.withClose} with Connection: close), ${failures.length} cut, exit ${code} after ${exitSeconds.toFixed(2)} s`);
  expect(failures, "requests cut").toEqual([]);
  expect(code).toBe(0);
  expect(exitSeconds).toBeGreaterThanOrEqual(DRAIN_DELAY_S);
  expect(exitSeconds).toBeLessThan(DRAIN_DELAY_S + 5);
  expect(answered.before).toBeGreaterThan(CLIENTS);
  // It went on serving through the drain delay; once it stopped accepting, answers closed their connections.
  expect(answered.after).toBeGreaterThan(CLIENTS);
  expect(answered.withClose).toBeGreaterThan(0);
  expect(refusedAfter).toHaveLength(CLIENTS);
  for (const ms of refusedAfter) expect(ms).toBeGreaterThanOrEqual(DRAIN_DELAY_S * 1000);
  const log = server.output().stdout;
  expect(log).toContain('"msg":"gatehouse: stopped"');

  // Durable: the last refresh token each client was given rotates at the suite's server.
  for (const token of latest) {
    const next = await page.request.post(`${baseURL}/oauth/token`, { headers: { authorization: app.basic }, form: { grant_type: "refresh_token", refresh_token: token } });
    expect(next.status()).toBe(200);
  }

  if (onPostgres) {
    // Every request the child answered spent the app's budget once; its batched counts were flushed before it exited.
    const key = `protocol-client:${createHash("sha256").update(app.clientId, "utf8").digest("base64url")}`;
    // The suite's server batches its counts too: a moment for its last ones to land.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ points: number }>("SELECT points FROM gatehouse_rate_limits WHERE key = $1", [key]);
      // The suite's server spent 16 exchanges and 16 rotations on the same key.
      console.log(`shutdown: shared row ${rows[0]!.points} points`);
      expect(rows[0]!.points - 2 * CLIENTS).toBe(answered.before + answered.after);
    } finally {
      await client.end();
    }
  }
});
