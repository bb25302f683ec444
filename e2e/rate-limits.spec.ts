import { expect, test } from "@playwright/test";
import { newAccount, open, registerApp, signOut, signUp } from "./helpers";

const FAILURE_BUDGET = 10; // GATEHOUSE_LIMIT_CLIENT_AUTH_FAILURES default: 10 per 600 s per (client, address)

test("a wrong client secret in a loop gets 429 with Retry-After and the RateLimit fields within the budget; a spoofed X-Forwarded-For changes nothing", async ({ page, request }) => {
  await signUp(page, newAccount("Rita Ratelimit"));
  const app = await registerApp(page, { name: "Loop Client", uris: ["https://loop.example/cb"] });
  const wrong = { Authorization: `Basic ${Buffer.from(`${app.clientId}:gsec_wrong`).toString("base64")}` };

  const statuses: number[] = [];
  for (let i = 0; i < FAILURE_BUDGET; i++) {
    const response = await request.post("/oauth/token", { form: { grant_type: "refresh_token", refresh_token: "grt_x" }, headers: wrong });
    statuses.push(response.status());
    expect(response.headers()["ratelimit-policy"]).toBeDefined();
  }
  expect(statuses).toEqual(Array(FAILURE_BUDGET).fill(401));

  const limited = await request.post("/oauth/token", { form: { grant_type: "refresh_token", refresh_token: "grt_x" }, headers: { ...wrong, "X-Forwarded-For": "203.0.113.99" } });
  expect(limited.status()).toBe(429);
  expect(await limited.json()).toEqual({ error: "too_many_requests", error_description: expect.stringMatching(/too many failed client authentications from this address: retry after \d+ seconds/) });
  const headers = limited.headers();
  expect(Number(headers["retry-after"])).toBeGreaterThan(0);
  expect(headers["ratelimit-policy"]).toBe('"client-auth-failures";q=10;w=600');
  expect(headers["ratelimit"]).toMatch(/^"client-auth-failures";r=0;t=\d+$/);
  expect(headers["access-control-expose-headers"]).toContain("RateLimit-Policy");

  // A successful answer carries the fields too (another app: this one's pair is locked from here).
  const other = await registerApp(page, { name: "Calm Client", uris: ["https://calm.example/cb"] });
  const ok = await request.post("/oauth/revoke", { form: { token: "gat_unknown" }, headers: { Authorization: `Basic ${Buffer.from(`${other.clientId}:${other.clientSecret}`).toString("base64")}` } });
  expect(ok.status()).toBe(200);
  expect(ok.headers()["ratelimit"]).toMatch(/^"protocol-[a-z]+";r=\d+;t=\d+$/);
});

test("failed sign-ins lock the account out from this address only, and the form says how long", async ({ page }) => {
  const account = newAccount("Lockout Larry");
  await signUp(page, account);
  await signOut(page);
  for (let i = 0; i < 5; i++) {
    await open(page, "/signin");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
  }
  await open(page, "/signin");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/^Too many failed sign-ins for this account from your network\. Try again in 15 minutes\.$/)).toBeVisible();
});
