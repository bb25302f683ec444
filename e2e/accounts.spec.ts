import { expect, test } from "@playwright/test";
import { newAccount, signIn, signOut, signUp } from "./helpers";

test("sign up, sign out, and sign in again", async ({ page }) => {
  const account = newAccount();
  await signUp(page, account);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("signed-in-as")).toContainText(account.email);

  await signOut(page);
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);

  await signIn(page, { email: account.email.toUpperCase(), password: account.password });
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("signed-in-as")).toContainText(account.name);
});

test("signing out ends the session on the server: a copy of its cookie no longer opens /account, another sign-in stays", async ({ page, browser }) => {
  const account = newAccount("Copy Cat");
  await signUp(page, account);
  const cookie = (await page.context().cookies()).find((c) => c.name.endsWith("next-auth.session-token"))!;
  const copy = await browser.newContext();
  await copy.addCookies([cookie]);
  expect((await copy.request.get("/account", { maxRedirects: 0 })).status(), "the copy works while the session lives").toBe(200);
  const elsewhere = await browser.newContext();
  const elsewherePage = await elsewhere.newPage();
  await signIn(elsewherePage, account);
  await expect(elsewherePage.getByTestId("signed-in-as")).toContainText(account.name);

  await signOut(page);

  const refused = await copy.request.get("/account", { maxRedirects: 0 });
  expect(refused.status()).toBe(307);
  expect(refused.headers()["location"]).toBe("/signin?callbackUrl=%2Faccount");
  const copyPage = await copy.newPage();
  await copyPage.goto("/account");
  await expect(copyPage).toHaveURL(/\/signin\?callbackUrl=%2Faccount/);
  await elsewherePage.goto("/account");
  await expect(elsewherePage).toHaveURL(/\/account$/);
  await copy.close();
  await elsewhere.close();
});

test("a second account with the same email is refused next to the email field", async ({ page, browser }) => {
  const account = newAccount();
  await signUp(page, account);

  const other = await browser.newPage();
  await other.goto("/signup");
  await other.getByLabel("Name", { exact: true }).fill("Someone Else");
  await other.getByLabel("Email").fill(`  ${account.email.toUpperCase()} `);
  await other.getByLabel("Password").fill("another password");
  await other.getByRole("button", { name: "Create account" }).click();
  const email = other.getByLabel("Email");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(other.locator("#field-email-error")).toHaveText(/already exists/);
  await expect(other.getByLabel("Name", { exact: true })).toHaveValue("Someone Else");
  await expect(other.getByTestId("signed-in-as")).toHaveCount(0);
  await other.close();
});

test("sign-up form errors appear next to their fields", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#field-name-error")).toHaveText("Enter your name");
  await expect(page.locator("#field-email-error")).toContainText("valid email");
  await expect(page.locator("#field-password-error")).toHaveText("Use at least 8 characters");
});

test("a wrong password and an unknown email get the same message", async ({ page }) => {
  const account = newAccount();
  await signUp(page, account);
  await signOut(page);

  await signIn(page, { email: account.email, password: "wrong password" });
  await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
  await expect(page.getByLabel("Email")).toHaveValue(account.email);
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);

  await signIn(page, { email: "nobody-at-all@example.com", password: "wrong password" });
  await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
});

test("a callbackUrl pointing to another origin is ignored", async ({ page, baseURL }) => {
  const account = newAccount();
  await signUp(page, account);
  await signOut(page);

  for (const target of ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example"]) {
    await signIn(page, account, `/signin?callbackUrl=${encodeURIComponent(target)}`);
    await expect(page).toHaveURL(`${baseURL}/dashboard`);
    await signOut(page);
  }
});

test("a same-origin callbackUrl is honoured", async ({ page, baseURL }) => {
  const account = newAccount();
  await signUp(page, account);
  await signOut(page);
  await signIn(page, account, `/signin?callbackUrl=${encodeURIComponent("/docs")}`);
  await expect(page).toHaveURL(`${baseURL}/docs`);
});

test("the landing page says what Gatehouse is and links onwards", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Gatehouse account");
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveAttribute("href", "/signup");
  await expect(page.getByRole("link", { name: "Read the integrator docs" })).toHaveAttribute("href", "/docs");
  await expect(page.getByRole("link", { name: "Dashboard" })).toHaveAttribute("href", "/dashboard");
});

test("a sign-in submitted before the page is interactive never puts the password in the URL", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill("someone@example.com");
  await page.getByLabel("Password").fill("secret-password-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForLoadState("load");
  expect(page.url()).not.toContain("secret-password-123");
  expect(page.url()).not.toContain("password=");
  await context.close();
});
