import { expect, test } from "@playwright/test";
import { newAccount, open, registerApp, signIn, signUp } from "./helpers";

const CALLBACK = "https://client.test/callback";

test("a user revokes an app on /account and the app's refresh then fails", async ({ browser, page, request }) => {
  const devContext = await browser.newContext();
  const dev = await devContext.newPage();
  await signUp(dev, newAccount("Dana Developer"));
  const app = await registerApp(dev, { name: "Link Shortener", uris: [CALLBACK] });
  await devContext.close();

  await page.route("https://client.test/**", (route) => route.fulfill({ status: 200, body: "callback" }));
  await signUp(page, newAccount("Una User"));
  await page.goto(`/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: CALLBACK, scope: "email links.read" })}`);
  await expect(page.getByRole("list", { name: "Requested permissions" })).toContainText("Read your short links");
  await page.getByRole("button", { name: "Approve" }).click();
  await page.waitForURL(/^https:\/\/client\.test\/callback\?/);
  const code = new URL(page.url()).searchParams.get("code")!;
  const basic = { Authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}` };
  const tokens = await (await request.post("/oauth/token", { form: { grant_type: "authorization_code", code, redirect_uri: CALLBACK }, headers: basic })).json();
  expect(tokens.scope).toBe("email links.read user.read");

  await open(page, "/account");
  const entry = page.getByTestId("authorized-app");
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText("Link Shortener");
  await expect(entry).toContainText("by Dana Developer");
  await expect(entry).toContainText("See your email address");
  await expect(entry).toContainText("Read your short links");
  await page.getByRole("button", { name: "Revoke access for Link Shortener" }).click();
  await page.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(page.getByText("Link Shortener can no longer access your account.")).toBeVisible();
  await expect(page.getByTestId("authorized-app")).toHaveCount(0);

  const refreshed = await request.post("/oauth/token", { form: { grant_type: "refresh_token", refresh_token: tokens.refresh_token }, headers: basic });
  expect(refreshed.status()).toBe(400);
  expect((await refreshed.json()).error).toBe("invalid_grant");
  const userinfo = await request.get("/oauth/userinfo", { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  expect(userinfo.status()).toBe(401);
});

test("profile and password changes; the password change signs out other sessions", async ({ browser, page }) => {
  const account = newAccount("Pat Person");
  await signUp(page, account);
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, account);
  await expect(other.getByTestId("signed-in-as")).toContainText("Pat Person");

  await open(page, "/account");
  await page.locator("#profile-name").fill("Pat Renamed");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toContainText("Pat Renamed");

  await page.locator("#password-currentPassword").fill("wrong password");
  await page.locator("#password-newPassword").fill("a brand new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#password-currentPassword-error")).toHaveText("The current password is incorrect");

  await page.locator("#password-currentPassword").fill(account.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed.")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("signed-in-as")).toContainText("Pat Renamed");

  await other.goto("/account");
  await expect(other).toHaveURL(/\/signin\?callbackUrl=%2Faccount/);
  await signIn(other, { email: account.email, password: "a brand new password" }, "/signin?callbackUrl=%2Faccount");
  await expect(other.getByTestId("signed-in-as")).toContainText("Pat Renamed");
  await otherContext.close();
});

test("deleting the account removes the user's apps", async ({ page, browser }) => {
  const account = newAccount("Leaving Developer");
  await signUp(page, account);
  const app = await registerApp(page, { name: "Soon Gone", uris: [CALLBACK] });
  const elsewhere = await browser.newContext();
  const otherSession = await elsewhere.newPage();
  await signIn(otherSession, account);
  await expect(otherSession.getByTestId("signed-in-as")).toContainText("Leaving Developer");

  await open(page, "/account");
  await page.locator("#delete-password").fill("not my password");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.locator("#delete-password-error")).toHaveText("The password is incorrect");
  await page.locator("#delete-password").fill(account.password);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();

  // A session of the deleted user elsewhere counts as signed out, never as an error.
  const stale = await otherSession.goto("/dashboard");
  expect(stale?.status()).toBe(200);
  await expect(otherSession).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard$/);
  await elsewhere.close();

  const anon = await browser.newPage();
  const response = await anon.goto(`/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: CALLBACK })}`);
  expect(response?.status()).toBe(404);
  await expect(anon.getByRole("heading", { name: "Unknown application" })).toBeVisible();
  await signIn(anon, account);
  await expect(anon.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
});

test("the docs show this server's endpoints, the catalogue's scopes and every error", async ({ page, baseURL, request }) => {
  await open(page, "/docs");
  await expect(page.getByRole("heading", { name: "Integrate with Gatehouse" })).toBeVisible();
  const scopes = page.getByRole("list", { name: "Scopes" });
  for (const scope of ["user.read", "openid", "profile", "email", "links.read", "links.write"]) await expect(scopes).toContainText(scope);
  await expect(page.getByText(`${baseURL}/oauth/token`).first()).toBeVisible();
  const errors = page.getByRole("table", { name: "Error codes" });
  const metadata = await (await request.get("/.well-known/oauth-authorization-server")).json();
  // The catalogue's own scopes first, in order; other specs may have registered API scopes after them.
  expect(metadata.scopes_supported.slice(0, 6)).toEqual(["user.read", "openid", "profile", "email", "links.read", "links.write"]);
  for (const code of ["invalid_request", "invalid_client", "invalid_grant", "unsupported_grant_type", "invalid_scope", "access_denied", "login_required", "consent_required", "invalid_token"]) {
    await expect(errors).toContainText(code);
  }
  await page.getByRole("tab", { name: "Python" }).first().click();
  await expect(page.getByText("import base64, hashlib, secrets")).toBeVisible();
});
