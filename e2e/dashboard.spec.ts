import { expect, test } from "@playwright/test";
import { confirmSecretStored, createApp, interactive, newAccount, registerApp, signOut, signUp } from "./helpers";

test("a confidential app shows its secret exactly once", async ({ page }) => {
  await signUp(page, newAccount("Dana Developer"));
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Register your first application" })).toBeVisible();

  await createApp(page, { name: "Acme CRM", uris: ["https://acme.example/callback"] });
  // The app's own page, with the secret shown until the developer confirms they stored it.
  await page.waitForURL(/\/dashboard\/apps\/[a-z0-9]+\?created=1$/);
  await expect(page.getByRole("heading", { name: "Acme CRM", level: 1 })).toBeVisible();
  const secret = await page.getByTestId("client-secret").textContent();
  expect(secret).toMatch(/^gsec_[A-Za-z0-9_-]{43}$/);
  const clientId = (await page.getByTestId("client-id").textContent())!;

  // A reload asks first, and keeps the secret.
  page.once("dialog", (dialog) => {
    expect(dialog.type()).toBe("beforeunload");
    void dialog.accept();
  });
  await page.reload();
  await interactive(page);
  await expect(page.getByTestId("client-secret")).toHaveText(secret!);

  // Leaving through a link asks too; staying keeps it.
  await page.getByTestId("client-secret").click();
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain("You have not confirmed that you stored the new secret");
    void dialog.dismiss();
  });
  await page.getByRole("banner").getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByTestId("client-secret")).toHaveText(secret!);
  await expect(page).toHaveURL(/\/dashboard\/apps\//);

  await confirmSecretStored(page);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Acme CRM", level: 1 })).toBeVisible();
  await expect(page.getByTestId("client-secret")).toHaveCount(0);

  await page.goto("/dashboard");
  await page.getByRole("link", { name: /Acme CRM/ }).click();
  await expect(page.getByRole("heading", { name: "Acme CRM", level: 1 })).toBeVisible();
  await expect(page.getByTestId("client-secret")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(secret!);
  await expect(page.getByTestId("secret-row")).toHaveText(new RegExp(`${secret!.slice(0, 7)}…${secret!.slice(-4)}`));
  await expect(page.getByTestId("client-id")).toHaveText(clientId);

  await page.goto("/dashboard");
  const row = page.getByRole("list", { name: "Applications" }).getByRole("listitem");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Acme CRM");
  await expect(row).toContainText("Confidential");
  await expect(row).toContainText("1 redirect URI");
  await expect(row).toContainText("0 users");
});

test("a public app has no secret and may use a loopback and a private-use redirect URI", async ({ page }) => {
  await signUp(page, newAccount());
  await createApp(page, { name: "Acme CLI", type: "Public", uris: ["http://127.0.0.1/callback", "com.acme.cli:/callback"] });
  await expect(page.getByRole("heading", { name: "Acme CLI", level: 1 })).toBeVisible();
  await expect(page.getByText("Public application: no client secret")).toBeVisible();
  await expect(page.getByTestId("client-secret")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Generate a new secret" })).toHaveCount(0);
});

test("redirect URI errors appear next to each URI, and add and remove work", async ({ page }) => {
  await signUp(page, newAccount());
  await createApp(page, { name: "Bad URIs", uris: ["http://acme.example/cb", "https://acme.example/cb#frag", "https://acme.example/ok"] });
  await expect(page.locator("#redirect-uri-0-error")).toHaveText(/http is only allowed for localhost/);
  await expect(page.locator("#redirect-uri-1-error")).toHaveText(/Fragments/);
  await expect(page.locator("#redirect-uri-2-error")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "+ Add another redirect URI" })).toHaveCount(0);
  await expect(page.locator("fieldset:has(#redirect-uri-0)")).toContainText("An application can have at most 3 redirect URIs.");

  await page.getByRole("button", { name: "Remove redirect URI 1" }).click();
  await page.getByRole("button", { name: "Remove redirect URI 1" }).click();
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.getByTestId("client-secret")).toBeVisible();
  await confirmSecretStored(page);

  // Edit: add a second URI, then remove the first.
  await page.getByRole("button", { name: "+ Add another redirect URI" }).click();
  await page.getByLabel("Redirect URI 2", { exact: true }).fill("http://localhost:3000/callback");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Changes saved.")).toBeVisible();
  await page.reload();
  await interactive(page);
  await expect(page.getByLabel("Redirect URI 2", { exact: true })).toHaveValue("http://localhost:3000/callback");
  await page.getByRole("button", { name: "Remove redirect URI 1" }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Changes saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Redirect URI 1", { exact: true })).toHaveValue("http://localhost:3000/callback");
  await expect(page.getByLabel("Redirect URI 2", { exact: true })).toHaveCount(0);
});

test("OpenID Connect settings: the signing algorithm and post-logout redirect URIs are saved, errors shown next to each URI", async ({ page }) => {
  await signUp(page, newAccount());
  await registerApp(page, { name: "Sign In App", uris: ["https://signin.example/callback"] });
  const oidc = page.getByRole("region", { name: "OpenID Connect" });
  await expect(oidc).toContainText("post_logout_redirect_uri");
  await expect(oidc.getByLabel(/^RS256/)).toBeChecked();
  await expect(oidc.getByLabel("Post-logout redirect URI 1", { exact: true })).toHaveValue("");

  // Refused: plain http off loopback and a repeat, each said next to its URI; nothing is stored.
  await oidc.getByLabel(/^ES256/).check();
  await oidc.getByLabel("Post-logout redirect URI 1", { exact: true }).fill("https://signin.example/bye");
  await oidc.getByRole("button", { name: "+ Add another post-logout redirect URI" }).click();
  await oidc.getByLabel("Post-logout redirect URI 2", { exact: true }).fill("http://signin.example/bye");
  await oidc.getByRole("button", { name: "+ Add another post-logout redirect URI" }).click();
  await oidc.getByLabel("Post-logout redirect URI 3", { exact: true }).fill("https://signin.example/bye");
  await expect(oidc.getByRole("button", { name: "+ Add another post-logout redirect URI" })).toHaveCount(0);
  await expect(oidc).toContainText("An application can have at most 3 post-logout redirect URIs.");
  await oidc.getByRole("button", { name: "Save OpenID Connect settings" }).click();
  await expect(page.locator("#post-logout-redirect-uri-0-error")).toHaveCount(0);
  await expect(page.locator("#post-logout-redirect-uri-1-error")).toHaveText("http is only allowed for localhost, 127.0.0.1 and [::1]: use https");
  await expect(page.locator("#post-logout-redirect-uri-2-error")).toHaveText("Same as post-logout redirect URI 1: each URI can be registered once");
  await expect(oidc.getByLabel("Post-logout redirect URI 2", { exact: true })).toBeFocused();
  await expect(oidc.getByText("OpenID Connect settings saved.")).toHaveCount(0);
  await page.reload();
  await interactive(page);
  await expect(oidc.getByLabel(/^RS256/)).toBeChecked();
  await expect(oidc.getByLabel("Post-logout redirect URI 1", { exact: true })).toHaveValue("");

  // Accepted: ES256 and two URIs, as they read after a reload.
  await oidc.getByLabel(/^ES256/).check();
  await oidc.getByLabel("Post-logout redirect URI 1", { exact: true }).fill("https://signin.example/signed-out");
  await oidc.getByRole("button", { name: "+ Add another post-logout redirect URI" }).click();
  await oidc.getByLabel("Post-logout redirect URI 2", { exact: true }).fill("http://localhost:3000/bye");
  await oidc.getByRole("button", { name: "Save OpenID Connect settings" }).click();
  await expect(oidc.getByText("OpenID Connect settings saved.")).toBeVisible();
  await page.reload();
  await interactive(page);
  await expect(oidc.getByLabel(/^ES256/)).toBeChecked();
  await expect(oidc.getByLabel("Post-logout redirect URI 1", { exact: true })).toHaveValue("https://signin.example/signed-out");
  await expect(oidc.getByLabel("Post-logout redirect URI 2", { exact: true })).toHaveValue("http://localhost:3000/bye");

  // The app's other settings are saved on their own and leave these as they are.
  await page.getByLabel("Application name").fill("Sign In App 2");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Changes saved.")).toBeVisible();
  await page.reload();
  await interactive(page);
  await expect(oidc.getByLabel(/^ES256/)).toBeChecked();
  await expect(oidc.getByLabel("Post-logout redirect URI 2", { exact: true })).toHaveValue("http://localhost:3000/bye");

  // Both removed, back to RS256: none is fine.
  await oidc.getByRole("button", { name: "Remove post-logout redirect URI 1" }).click();
  await oidc.getByRole("button", { name: "Remove post-logout redirect URI 1" }).click();
  await expect(oidc.getByLabel("Post-logout redirect URI 1", { exact: true })).toHaveValue("");
  await oidc.getByLabel(/^RS256/).check();
  await oidc.getByRole("button", { name: "Save OpenID Connect settings" }).click();
  await expect(oidc.getByText("OpenID Connect settings saved.")).toBeVisible();
  await page.reload();
  await interactive(page);
  await expect(oidc.getByLabel(/^RS256/)).toBeChecked();
  await expect(oidc.getByLabel("Post-logout redirect URI 1", { exact: true })).toHaveValue("");
  await expect(oidc.getByLabel("Post-logout redirect URI 2", { exact: true })).toHaveCount(0);
});

test("rotate a secret: a second one while the first works, then revoke the old one", async ({ page }) => {
  await signUp(page, newAccount());
  await createApp(page, { name: "Rotator", uris: ["https://rotator.example/cb"] });
  const first = (await page.getByTestId("client-secret").textContent())!;
  await confirmSecretStored(page);
  await expect(page.getByTestId("secret-row")).not.toContainText("Newest");

  await page.getByRole("button", { name: "Generate a new secret" }).click();
  const second = (await page.getByTestId("client-secret").textContent())!;
  expect(second).toMatch(/^gsec_/);
  expect(second).not.toBe(first);
  await expect(page.getByTestId("secret-row")).toHaveCount(2);
  // Which is which: the new one is marked, the old one says when to revoke it, times to the second.
  await expect(page.getByTestId("secret-row").nth(1)).toContainText(`${second.slice(0, 7)}…${second.slice(-4)}`);
  await expect(page.getByTestId("secret-row").nth(1)).toContainText("Newest");
  await expect(page.getByTestId("secret-row").nth(0)).toContainText("Older");
  await expect(page.getByTestId("secret-row").nth(0)).toContainText("Revoke this one once every server uses the newest");
  await expect(page.getByTestId("secret-row").nth(0)).toContainText(/Created \w+ \d+, \d{4}, \d{2}:\d{2}:\d{2} UTC/);
  await expect(page.getByRole("button", { name: "Generate a new secret" })).toBeDisabled();
  await confirmSecretStored(page);

  await page.getByRole("button", { name: `Revoke secret ${first.slice(0, 7)}…${first.slice(-4)}` }).click();
  await page.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(page.getByTestId("secret-row")).toHaveCount(1);
  await expect(page.getByTestId("secret-row")).toContainText(second.slice(-4));
  await expect(page.getByRole("button", { name: "Generate a new secret" })).toBeEnabled();
  await expect(page.getByText("The current secret keeps working until you revoke it")).toBeVisible();

  // The last one: the warning and the page say that nothing authenticates until a new one is made.
  await page.getByRole("button", { name: `Revoke secret ${second.slice(0, 7)}…${second.slice(-4)}` }).click();
  await expect(page.getByText("It is the only secret: the app cannot authenticate at the token endpoint until a new one is made.")).toBeVisible();
  await page.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(page.getByTestId("secret-row")).toHaveCount(0);
  await expect(page.getByText("There is no client secret")).toBeVisible();
  await expect(page.getByText("The app cannot authenticate at the token endpoint until a new secret is made")).toBeVisible();
  await expect(page.getByText("The current secret keeps working")).toHaveCount(0);
});

test("delete an app after typing its name", async ({ page }) => {
  await signUp(page, newAccount());
  await createApp(page, { name: "Doomed", uris: ["https://doomed.example/cb"] });
  await confirmSecretStored(page);
  await page.waitForURL(/\/dashboard\/apps\/[a-z0-9]+\?created=1$/);
  const url = page.url().replace(/\?.*$/, "");

  await page.getByLabel(/to confirm/).fill("doomed");
  await page.getByRole("button", { name: "Delete application" }).click();
  await expect(page.locator("#confirm-name-error")).toHaveText(/Type the application's name, Doomed/);
  await expect(page.locator("#confirm-name")).toBeFocused();
  await expect(page.locator("#confirm-name")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel(/to confirm/).fill("Doomed");
  await page.getByRole("button", { name: "Delete application" }).click();
  await expect(page).toHaveURL(/\/dashboard\?deleted=1$/);
  await expect(page.getByText("The application was deleted")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Register your first application" })).toBeVisible();
  expect((await page.request.get(url)).status()).toBe(404);
});

test("the quick start uses this server's issuer and the app's client ID", async ({ page, baseURL }) => {
  await signUp(page, newAccount());
  await createApp(page, { name: "Quick", uris: ["https://quick.example/cb"] });
  const clientId = (await page.getByTestId("client-id").textContent())!;
  await confirmSecretStored(page);
  const quickStart = page.locator("#quick-start-title").locator("..");
  await expect(quickStart).toContainText(`${baseURL}/oauth/authorize?response_type=code&client_id=${clientId}`);
  await expect(quickStart).toContainText(`curl -X POST '${baseURL}/oauth/token'`);
  await expect(quickStart).toContainText(`${baseURL}/.well-known/oauth-authorization-server`);
  for (const scope of ["user.read", "profile", "email"]) await expect(quickStart).toContainText(scope);
});

test("another developer gets 404 for the app page and its actions, and nothing changes", async ({ page, browser }) => {
  await signUp(page, newAccount("Owner"));
  await createApp(page, { name: "Private App", uris: ["https://private.example/cb"] });
  await confirmSecretStored(page);
  await page.waitForURL(/\/dashboard\/apps\/[a-z0-9]+\?created=1$/);
  const ownerUrl = page.url().replace(/\?.*$/, "");
  const ownerAppId = ownerUrl.split("/").pop()!;

  const intruderContext = await browser.newContext();
  const intruder = await intruderContext.newPage();
  await signUp(intruder, newAccount("Intruder"));
  const response = await intruder.goto(ownerUrl);
  expect(response?.status()).toBe(404);
  await expect(intruder.locator("body")).not.toContainText("Private App");

  // A crafted post: the intruder's own edit form, pointed at the owner's app id.
  await createApp(intruder, { name: "Intruder App", uris: ["https://intruder.example/cb"] });
  await confirmSecretStored(intruder);
  await intruder.waitForURL(/\/dashboard\/apps\/[a-z0-9]+\?created=1$/);
  await intruder.locator('input[name="appId"]').first().evaluate((el, id) => ((el as HTMLInputElement).value = id), ownerAppId);
  await intruder.getByLabel("Application name").fill("Hijacked");
  await intruder.getByRole("button", { name: "Save changes" }).click();
  await expect(intruder.getByText("Changes saved.")).toHaveCount(0);

  await intruder.locator('form:has(#post-logout-redirect-uri-0) input[name="appId"]').evaluate((el, id) => ((el as HTMLInputElement).value = id), ownerAppId);
  await intruder.getByLabel(/^ES256/).check();
  await intruder.getByLabel("Post-logout redirect URI 1", { exact: true }).fill("https://intruder.example/bye");
  await intruder.getByRole("button", { name: "Save OpenID Connect settings" }).click();
  await expect(intruder.getByText("OpenID Connect settings saved.")).toHaveCount(0);

  await intruder.locator('form:has(#confirm-name) input[name="appId"]').evaluate((el, id) => ((el as HTMLInputElement).value = id), ownerAppId);
  await intruder.getByLabel(/to confirm/).fill("Private App");
  await intruder.getByRole("button", { name: "Delete application" }).click();
  await intruderContext.close();

  await page.reload();
  await expect(page.getByRole("heading", { name: "Private App", level: 1 })).toBeVisible();
  await expect(page.getByLabel(/^RS256/)).toBeChecked();
  await expect(page.getByLabel("Post-logout redirect URI 1", { exact: true })).toHaveValue("");
  await signOut(page);
});

test("the dashboard needs a signed-in developer", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard$/);
});

test("revoke all user tokens: says how many users first, then ends their tokens", async ({ page, browser }) => {
  await signUp(page, newAccount("Owner"));
  const app = await registerApp(page, { name: "Reset Me", uris: ["https://reset.test/cb"] });

  const userContext = await browser.newContext();
  const user = await userContext.newPage();
  await user.route("https://reset.test/**", (route) => route.fulfill({ status: 200, body: "callback" }));
  await signUp(user, newAccount("Some User"));
  await user.goto(`/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: "https://reset.test/cb" })}`);
  await user.getByRole("button", { name: "Approve" }).click();
  await user.waitForURL(/^https:\/\/reset\.test\/cb\?/);
  const code = new URL(user.url()).searchParams.get("code")!;
  await userContext.close();
  const basic = { Authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}` };
  const tokens = await (await page.request.post("/oauth/token", { form: { grant_type: "authorization_code", code, redirect_uri: "https://reset.test/cb" }, headers: basic })).json();

  await page.reload();
  await interactive(page);
  await expect(page.getByText("Currently 1 user authorized it.")).toBeVisible();
  await page.getByRole("button", { name: "Revoke all user tokens…" }).click();
  await expect(page.getByText("This signs 1 user out of Reset Me.")).toBeVisible();
  await page.getByRole("button", { name: "Yes, revoke for 1 user" }).click();
  await expect(page.getByText("Revoked the access of 1 user.")).toBeVisible();
  await expect(page.getByText("Currently 0 users authorized it.")).toBeVisible();

  const refreshed = await page.request.post("/oauth/token", { form: { grant_type: "refresh_token", refresh_token: tokens.refresh_token }, headers: basic });
  expect(refreshed.status()).toBe(400);
  expect(await refreshed.json()).toMatchObject({ error: "invalid_grant" });
});
