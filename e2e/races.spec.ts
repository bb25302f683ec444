import { expect, test } from "@playwright/test";
import { newAccount, registerApp, signUp } from "./helpers";

// Redemption and rotation are atomic: of 10 simultaneous requests with the same code or refresh
// token, exactly one succeeds and nine get invalid_grant (never a 500). Over HTTP, against the
// production server, on whichever database it runs (SQLite or PostgreSQL).
const CALLBACK = "https://race.test/callback";
const ROUNDS = 3;
const PARALLEL = 10;

test("concurrent redemptions of one code and rotations of one refresh token: exactly one wins", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await signUp(page, newAccount("Racer"));
  const app = await registerApp(page, { name: "Race App", uris: [CALLBACK] });
  await page.route("https://race.test/**", (route) => route.fulfill({ status: 200, body: "callback" }));
  const basic = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`;
  const post = (form: Record<string, string>) =>
    fetch(`${baseURL}/oauth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: basic },
      body: new URLSearchParams(form),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, string> }));
  const outcome = (results: { status: number; body: Record<string, string> }[]) => ({
    ok: results.filter((r) => r.status === 200).length,
    invalidGrant: results.filter((r) => r.status === 400 && r.body.error === "invalid_grant").length,
  });

  // Approve once in the browser; later codes come straight back (remembered consent).
  await page.goto(`/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: CALLBACK })}`);
  await page.getByRole("button", { name: "Approve" }).click();
  await page.waitForURL(/^https:\/\/race\.test\/callback\?/);
  const newCode = async () => {
    const response = await page.request.get(`/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: CALLBACK })}`, { maxRedirects: 0 });
    expect(response.status()).toBe(302);
    return new URL(response.headers()["location"]!).searchParams.get("code")!;
  };

  for (let round = 0; round < ROUNDS; round++) {
    const code = await newCode();

    const redemptions = await Promise.all(Array.from({ length: PARALLEL }, () => post({ grant_type: "authorization_code", code, redirect_uri: CALLBACK })));
    expect(outcome(redemptions), `code round ${round}`).toEqual({ ok: 1, invalidGrant: PARALLEL - 1 });

    // A fresh code for a live refresh token (the code race above revoked its winner's tokens).
    const fresh = await post({ grant_type: "authorization_code", code: await newCode(), redirect_uri: CALLBACK });
    expect(fresh.status).toBe(200);
    const rotations = await Promise.all(Array.from({ length: PARALLEL }, () => post({ grant_type: "refresh_token", refresh_token: fresh.body.refresh_token! })));
    expect(outcome(rotations), `refresh round ${round}`).toEqual({ ok: 1, invalidGrant: PARALLEL - 1 });
  }
});
