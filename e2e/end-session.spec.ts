import { expect, test } from "@playwright/test";
import { newAccount, signUp } from "./helpers";
import { developerRegisters } from "./relying-party";

const CALLBACK = "http://127.0.0.1:8981/callback";
const SIGNED_OUT = "http://127.0.0.1:8981/signed-out";

test("an authorization request POSTed as a form is the same request as a GET (OpenID Connect Core §3.1.2.1)", async ({ browser, page, request }) => {
  const app = await developerRegisters(browser, "Posting RP", [CALLBACK]);
  const form = { response_type: "code", client_id: app.clientId, redirect_uri: CALLBACK, scope: "openid", state: "st", nonce: "nn" };
  const posted = await request.post("/oauth/authorize", { form, maxRedirects: 0 });
  expect(posted.status()).toBe(302);
  const location = new URL(posted.headers().location!, "http://gatehouse.invalid");
  expect(location.pathname).toBe("/signin");
  const back = new URL(location.searchParams.get("callbackUrl")!, "http://gatehouse.invalid");
  expect(Object.fromEntries(back.searchParams)).toEqual(form);
  // Not a form: refused on a page that says what it must be.
  const json = await request.post("/oauth/authorize", { data: form, maxRedirects: 0 });
  expect(json.status()).toBe(400);
  expect(await json.text()).toContain("application/x-www-form-urlencoded");
  await page.close();
});

test("end session: a request that proves nothing asks first, signs out on the user's answer, and never goes to an unregistered URI", async ({ browser, page }) => {
  const app = await developerRegisters(browser, "Signing-out RP", [CALLBACK], SIGNED_OUT);
  await page.route("http://127.0.0.1:8981/**", (route) => route.fulfill({ status: 200, body: "relying party" }));
  await signUp(page, newAccount("Sign-out User"));

  const unregistered = await page.goto(`/oauth/end-session?client_id=${app.clientId}&post_logout_redirect_uri=${encodeURIComponent("https://evil.example/")}`);
  expect(unregistered?.status()).toBe(400);
  await expect(page.getByRole("heading", { name: "This sign-out request cannot be used" })).toBeVisible();
  await expect(page.getByText(/is not registered for Signing-out RP/)).toBeVisible();

  await page.goto(`/oauth/end-session?client_id=${app.clientId}&post_logout_redirect_uri=${encodeURIComponent(SIGNED_OUT)}&state=xyz`);
  await expect(page.getByRole("heading", { name: "Sign out of Gatehouse?" })).toBeVisible();
  await expect(page.getByText("Signing-out RP asks to sign you out of Gatehouse.")).toBeVisible();
  // Still signed in until the user answers.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goBack();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${SIGNED_OUT}?state=xyz`);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin\?/);
});
