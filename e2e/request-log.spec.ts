import { createHash, randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { startChildServer } from "./child-server";
import { confirmSecretStored, newAccount, registerApp, signUp } from "./helpers";

// The request log, read as an operator reads it: one JSON line a request, found by the id on
// the answer (and on the error page), holding no credential. A production server at the most
// verbose level is taken through everything that carries a secret (a password, a client
// secret, a code with its PKCE verifier, access and refresh tokens, a personal key, the session
// cookie, the consent link's handle), and its whole output, standard error too, is searched for
// each of them.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 12;
const CALLBACK = "https://log.test/callback";

test("the request log: one line a request, found by its id, and not one secret in the whole output", async ({ browser }) => {
  test.setTimeout(120_000);
  const server = await startChildServer(PORT, {
    GATEHOUSE_LOG_LEVEL: "trace",
    GATEHOUSE_LIMIT_PROTOCOL_IP: "1000000/60",
    GATEHOUSE_LIMIT_SIGN_IN_IP: "1000000/600",
    GATEHOUSE_LIMIT_ACCOUNT_IP: "1000000/3600",
  });
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const secrets: Record<string, string> = {};
  try {
    const account = newAccount("Log Reader");
    secrets.password = account.password;
    await signUp(page, account);
    const app = await registerApp(page, { name: "Log App", uris: [CALLBACK] });
    secrets.clientSecret = app.clientSecret!;
    const session = (await context.cookies()).find((cookie) => cookie.name.includes("session-token"));
    expect(session).toBeDefined();
    secrets.sessionCookie = session!.value;

    // The code flow with PKCE and a state, through the consent screen's link.
    await page.route("https://log.test/**", (route) => route.fulfill({ status: 200, body: "callback" }));
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const state = `state-${randomBytes(8).toString("hex")}`;
    secrets.verifier = verifier;
    await page.goto(`/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: CALLBACK, scope: "email", state, code_challenge: challenge, code_challenge_method: "S256" })}`);
    secrets.consentHandle = new URL(page.url()).searchParams.get("request")!;
    expect(secrets.consentHandle.length).toBeGreaterThan(20);
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(/^https:\/\/log\.test\/callback\?/);
    secrets.code = new URL(page.url()).searchParams.get("code")!;

    const basic = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`;
    const token = async (form: Record<string, string>) => {
      const response = await page.request.post("/oauth/token", { headers: { authorization: basic }, form });
      expect(response.status()).toBe(200);
      return (await response.json()) as { access_token: string; refresh_token: string };
    };
    const first = await token({ grant_type: "authorization_code", code: secrets.code, redirect_uri: CALLBACK, code_verifier: verifier });
    secrets.accessToken = first.access_token;
    secrets.refreshToken = first.refresh_token;
    const rotated = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    secrets.rotatedRefreshToken = rotated.refresh_token;
    // Userinfo and introspection with the tokens, then a replay (an error answer that revokes the family) and a revocation.
    const userinfo = await page.request.get("/oauth/userinfo", { headers: { authorization: `Bearer ${rotated.access_token}` } });
    expect(userinfo.status()).toBe(200);
    secrets.rotatedAccessToken = rotated.access_token;
    const introspection = await page.request.post("/oauth/introspect", { headers: { authorization: basic }, form: { token: rotated.access_token } });
    expect(introspection.status()).toBe(200);
    expect((await page.request.post("/oauth/token", { headers: { authorization: basic }, form: { grant_type: "refresh_token", refresh_token: first.refresh_token } })).status()).toBe(400);
    expect((await page.request.post("/oauth/revoke", { headers: { authorization: basic }, form: { token: rotated.refresh_token } })).status()).toBe(200);
    // A wrong secret, sent in the body.
    secrets.wrongSecret = `gcs_${randomBytes(32).toString("base64url")}`;
    expect((await page.request.post("/oauth/token", { form: { grant_type: "refresh_token", refresh_token: "x", client_id: app.clientId, client_secret: secrets.wrongSecret } })).status()).toBe(401);

    // A personal key, made on the account page.
    await page.goto("/account");
    const keys = page.getByRole("region", { name: "Personal API keys" });
    await keys.getByRole("textbox", { name: "Name" }).fill("log check");
    await keys.getByRole("checkbox", { name: /^profile/ }).check();
    await keys.getByRole("button", { name: "Create key" }).click();
    secrets.personalKey = (await page.getByTestId("personal-key").textContent())!;
    await confirmSecretStored(page);
    expect((await page.request.get("/oauth/userinfo", { headers: { authorization: `Bearer ${secrets.personalKey}` } })).status()).toBe(200);

    // Found by its id: the answer's X-Request-Id is on the request's line.
    const requestId = userinfo.headers()["x-request-id"]!;
    // The authorization error page shows its reference, and the log has its line too.
    const errorPage = await page.request.get(`/oauth/authorize?client_id=${app.clientId}&redirect_uri=https://elsewhere.test/cb`);
    expect(errorPage.status()).toBe(400);
    const reference = errorPage.headers()["x-request-id"]!;
    expect(await errorPage.text()).toContain(reference);
    // The log is written in batches, at least every 250 ms.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const { stdout, stderr } = server.output();
    const lines = stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.requestId === requestId)).toMatchObject({ level: "info", msg: "request", method: "GET", route: "userinfo", status: 200 });
    expect(lines.find((line) => line.requestId === reference)).toMatchObject({ method: "GET", route: "authorization", status: 400 });
    expect(lines.find((line) => line.route === "token" && line.status === 400)).toMatchObject({ clientId: app.clientId, grantType: "refresh_token", error: "invalid_grant" });
    expect(lines.find((line) => line.route === "token" && line.status === 401)).toMatchObject({ error: "invalid_client" });
    for (const line of lines.filter((l) => l.msg === "request")) {
      expect(Object.keys(line).sort()).toEqual(expect.arrayContaining(["durationMs", "method", "requestId", "route", "status"]));
      expect(String(line.route)).toMatch(/^[a-z_]+$/);
    }

    const output = stdout + stderr;
    for (const [what, value] of Object.entries(secrets)) {
      expect(value.length, what).toBeGreaterThanOrEqual(8);
      expect(output.includes(value), `the ${what} appears in the server's output`).toBe(false);
      // Encoded as it travels in a form or a link, too.
      expect(output.includes(encodeURIComponent(value)), `the ${what}, URL-encoded, appears in the server's output`).toBe(false);
    }
  } finally {
    await context.close();
    await server.stop();
  }
});
