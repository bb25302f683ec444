import { expect, test, type Page } from "@playwright/test";
import { newAccount, open, signUp } from "./helpers";
import { approve, developerRegisters, startExample, type Example } from "./relying-party";

// examples/oidc-rp, the example relying party on openid-client, as an integrator runs it.
const RP_PORT = 4201;
const RP = `http://127.0.0.1:${RP_PORT}`;

const claim = (page: Page, name: string) => page.locator(`[data-claim="${name}"]`);

test("the example relying party signs a user in, shows the ID token, signs out at Gatehouse and signs in again with prompt=login", async ({ browser, page, baseURL }) => {
  test.setTimeout(90_000);
  const app = await developerRegisters(browser, "Example Relying Party", [`${RP}/callback`], `${RP}/signed-out`);
  let rp: Example | undefined;
  try {
    rp = await startExample("examples/oidc-rp/server.mjs", RP_PORT, { GATEHOUSE_ISSUER: baseURL!, RP_CLIENT_ID: app.clientId, RP_CLIENT_SECRET: app.clientSecret! });
    const user = newAccount("Rhea Party");
    await signUp(page, user);

    // Signed in at Gatehouse already: the consent screen, then back to the app with an ID token
    // that openid-client has validated (signature, iss, aud, exp, iat, nonce).
    await page.goto(RP);
    await page.getByRole("link", { name: "Sign in with Gatehouse" }).click();
    await approve(page);
    await page.waitForURL(`${RP}/claims`);
    await expect(page.getByTestId("signed-in-as")).toHaveText(user.name);
    await expect(claim(page, "iss")).toHaveText(baseURL!);
    await expect(claim(page, "aud")).toHaveText(app.clientId);
    await expect(claim(page, "name")).toHaveText(user.name);
    await expect(claim(page, "email")).toHaveText(user.email);
    await expect(claim(page, "email_verified")).toHaveText("false");
    await expect(claim(page, "sub")).toHaveText(/^[a-z0-9]+$/);
    await expect(claim(page, "nonce")).toHaveText(/^[A-Za-z0-9_-]{43}$/);
    await expect(claim(page, "at_hash")).toHaveText(/^[A-Za-z0-9_-]{22}$/);
    const iat = Number(await claim(page, "iat").textContent());
    expect(Number(await claim(page, "exp").textContent()) - iat).toBe(3600);
    const firstAuthTime = Number(await claim(page, "auth_time").textContent());
    expect(firstAuthTime).toBeLessThanOrEqual(iat);
    const sub = await claim(page, "sub").textContent();

    // RP-Initiated Logout: the ID token as id_token_hint proves who asks, so Gatehouse signs the
    // user out without asking and sends them to the registered post_logout_redirect_uri with the
    // app's state, which the app checks.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(new RegExp(`^${RP}/signed-out\\?`));
    await expect(page.getByText("You are signed out of this app and of Gatehouse.")).toBeVisible();
    await open(page, "/");
    await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
    expect((await page.goto("/dashboard"))!.url()).toMatch(/\/signin\?/);

    // Signed out of Gatehouse, signing in through the app asks for the password; the grant stands,
    // so there is no consent screen this time.
    await page.goto(RP);
    await page.getByRole("link", { name: "Sign in with Gatehouse" }).click();
    await page.waitForURL(/\/signin\?/);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${RP}/claims`);
    await expect(claim(page, "sub")).toHaveText(sub!);
    const secondAuthTime = Number(await claim(page, "auth_time").textContent());
    expect(secondAuthTime).toBeGreaterThanOrEqual(firstAuthTime);

    // prompt=login: still signed in at Gatehouse, the user is asked for the password again, on a
    // sign-in form with their email filled in, and auth_time is the new sign-in.
    await page.waitForTimeout(1100);
    await page.getByRole("link", { name: "Sign in again" }).click();
    await page.waitForURL(/\/signin\?/);
    await expect(page.getByLabel("Email")).toHaveValue(user.email);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${RP}/claims`);
    await expect(claim(page, "sub")).toHaveText(sub!);
    expect(Number(await claim(page, "auth_time").textContent())).toBeGreaterThan(secondAuthTime);
  } catch (error) {
    console.error(`examples/oidc-rp printed:\n${rp?.output() ?? ""}`);
    throw error;
  } finally {
    await rp?.stop();
  }
});
