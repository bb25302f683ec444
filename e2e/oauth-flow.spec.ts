import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { createHash, randomBytes } from "node:crypto";
import { newAccount, open, registerApp, signIn, signOut, signUp, type Account, type RegisteredApp } from "./helpers";

const CALLBACK = "https://client.test/callback";

/** The client's redirect URI is not a real site: the browser's request to it is answered here. */
async function captureCallbacks(page: Page) {
  await page.route("https://client.test/**", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<h1>client callback</h1>" }));
}

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function authorizePath(app: RegisteredApp, extra: Record<string, string> = {}) {
  return `/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: CALLBACK, ...extra })}`;
}

async function developerWithApp(browser: Browser, name = "Acme CRM"): Promise<RegisteredApp> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, newAccount("Dana Developer"));
  const app = await registerApp(page, { name, uris: [CALLBACK] });
  await page.getByLabel("Homepage (optional)").fill("https://acme.example");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Changes saved.")).toBeVisible();
  await context.close();
  return app;
}

async function exchange(request: APIRequestContext, app: RegisteredApp, form: Record<string, string>) {
  const response = await request.post("/oauth/token", {
    form,
    headers: { Authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}` },
  });
  return { status: response.status(), body: await response.json() };
}

test.describe("the authorization code flow in a browser", () => {
  let app: RegisteredApp;
  test.beforeAll(async ({ browser }) => {
    app = await developerWithApp(browser);
  });

  test("sign in, consent, callback with code, state and iss, token exchange and refresh", async ({ page, request, baseURL }) => {
    await captureCallbacks(page);
    const user: Account = newAccount("Eve User");
    await signUp(page, user);
    const { verifier, challenge } = pkce();
    const state = "st&te with spaces/~+%20?#";
    const consent = await page.goto(authorizePath(app, { scope: "profile email", state, code_challenge: challenge, code_challenge_method: "S256" }));
    expect(consent?.headers()["x-frame-options"]).toBe("DENY");
    expect(consent?.headers()["referrer-policy"]).toBe("no-referrer");

    await expect(page.getByTestId("consent-app-name")).toHaveText("Acme CRM");
    await expect(page.getByText("by Dana Developer")).toBeVisible();
    await expect(page.getByText("(provided by the developer)")).toBeVisible();
    await expect(page.getByTestId("consent-redirect-host")).toHaveText("client.test");
    const permissions = page.getByRole("list", { name: "Requested permissions" });
    await expect(permissions).toContainText("See your name and username");
    await expect(permissions).toContainText("See your email address");
    await expect(page.getByTestId("consent-account")).toContainText(user.name);

    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(/^https:\/\/client\.test\/callback\?/);
    const callback = new URL(page.url());
    expect(callback.searchParams.get("state")).toBe(state);
    expect(callback.searchParams.get("iss")).toBe(baseURL);
    const code = callback.searchParams.get("code")!;
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const tokens = await exchange(request, app, { grant_type: "authorization_code", code, redirect_uri: CALLBACK, code_verifier: verifier });
    expect(tokens).toMatchObject({ status: 200, body: { token_type: "Bearer", expires_in: 7200, scope: "email profile user.read" } });
    const refreshed = await exchange(request, app, { grant_type: "refresh_token", refresh_token: tokens.body.refresh_token });
    expect(refreshed).toMatchObject({ status: 200, body: { token_type: "Bearer" } });
    expect(refreshed.body.refresh_token).not.toBe(tokens.body.refresh_token);
    const again = await exchange(request, app, { grant_type: "authorization_code", code, redirect_uri: CALLBACK, code_verifier: verifier });
    expect(again).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  test("a signed-out user signs in and comes back to the same request", async ({ page }) => {
    await captureCallbacks(page);
    const user = newAccount();
    await signUp(page, user);
    await signOut(page);

    await page.goto(authorizePath(app, { state: "come-back" }));
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("consent-app-name")).toHaveText("Acme CRM");
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(/^https:\/\/client\.test\/callback\?/);
    expect(new URL(page.url()).searchParams.get("state")).toBe("come-back");
  });

  test("Deny sends the user back with access_denied", async ({ page, baseURL }) => {
    await captureCallbacks(page);
    await signUp(page, newAccount());
    await page.goto(authorizePath(app, { state: "d1" }));
    await page.getByRole("button", { name: "Deny" }).click();
    await page.waitForURL(/^https:\/\/client\.test\/callback\?/);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      error: "access_denied",
      error_description: "the user denied the request",
      state: "d1",
      iss: baseURL,
    });
  });

  test("consent is remembered, and prompt=consent asks again", async ({ page }) => {
    await captureCallbacks(page);
    await signUp(page, newAccount());
    await page.goto(authorizePath(app, { scope: "email", state: "first" }));
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(/^https:\/\/client\.test\/callback\?/);

    // Straight back to the client, no screen: read the redirect with the browser's cookies.
    const direct = await page.request.get(authorizePath(app, { scope: "email", state: "second" }), { maxRedirects: 0 });
    expect(direct.status()).toBe(302);
    const location = new URL(direct.headers()["location"]!);
    expect(location.origin + location.pathname).toBe(CALLBACK);
    expect(location.searchParams.get("code")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get("state")).toBe("second");

    await page.goto(authorizePath(app, { scope: "email", state: "third", prompt: "consent" }));
    await expect(page.getByTestId("consent-app-name")).toHaveText("Acme CRM");
  });

  test("use another account signs out and returns to the same request", async ({ page }) => {
    await captureCallbacks(page);
    const first = newAccount("First Person");
    const second = newAccount("Second Person");
    await signUp(page, second);
    await signOut(page);
    await signUp(page, first);
    await open(page, authorizePath(app, { state: "switch" }));
    await expect(page.getByTestId("consent-account")).toContainText(first.name);
    await page.getByRole("button", { name: "Use another account" }).click();
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
    await signIn(page, second, page.url().replace(/^https?:\/\/[^/]+/, ""));
    await expect(page.getByTestId("consent-account")).toContainText(second.name);
    await expect(page.getByTestId("consent-app-name")).toHaveText("Acme CRM");
  });

  test("the decision is bound to the stored request: tampered form fields change nothing", async ({ page, request }) => {
    await captureCallbacks(page);
    await signUp(page, newAccount());
    await page.goto(authorizePath(app, { scope: "email", state: "bound" }));
    await expect(page.getByTestId("consent-app-name")).toHaveText("Acme CRM");
    // Extra fields a browser could add are ignored: client, scope and redirect URI come from the record.
    await page.locator('form[action="/oauth/consent/decision"]').evaluate((form) => {
      for (const [name, value] of [["scope", "email profile links.write"], ["redirect_uri", "https://evil.example/cb"], ["client_id", "other"]]) {
        const input = document.createElement("input");
        Object.assign(input, { type: "hidden", name, value });
        form.appendChild(input);
      }
    });
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(/^https:\/\/client\.test\/callback\?/);
    const code = new URL(page.url()).searchParams.get("code")!;
    const tokens = await exchange(request, app, { grant_type: "authorization_code", code, redirect_uri: CALLBACK });
    expect(tokens.body.scope).toBe("email user.read");

    // A forged request handle is refused with an error page.
    await page.goto(authorizePath(app, { scope: "profile", state: "forged" }));
    await page.locator('input[name="request"]').evaluate((input) => ((input as HTMLInputElement).value = "forged-handle"));
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByRole("heading", { name: "This request is no longer valid" })).toBeVisible();
  });

  test("an unknown client gets a 404 error page on Gatehouse, never a redirect", async ({ page }) => {
    const response = await page.goto("/oauth/authorize?response_type=code&client_id=no-such-client&redirect_uri=https%3A%2F%2Fevil.example%2Fcb");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Unknown application" })).toBeVisible();
    await expect(page.locator("pre")).toHaveText("no-such-client");
    expect(new URL(page.url()).pathname).toBe("/oauth/authorize");
  });

  test("an unregistered redirect_uri gets an error page that shows the value received", async ({ page }) => {
    const evil = "https://evil.example/steal?x=<b>1</b>";
    const response = await page.goto(`/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: evil })}`);
    expect(response?.status()).toBe(400);
    await expect(page.getByRole("heading", { name: "Redirect URI not registered" })).toBeVisible();
    await expect(page.getByText("The redirect_uri received (below) is not registered for Acme CRM")).toBeVisible();
    await expect(page.getByRole("alert").locator("p").first()).not.toContainText(evil);
    await expect(page.locator("pre")).toHaveText(evil);
    await expect(page.locator("b")).toHaveCount(0);
  });
});
