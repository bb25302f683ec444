import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { newAccount, open, registerApp, signUp } from "./helpers";

/** A shell command as a POSIX shell splits it (printf standing in for curl), with CLIENT_SECRET set. */
function shellWords(command: string, clientSecret: string): string[] {
  return execFileSync("sh", ["-c", command.replace(/^curl /, "printf '%s\\n' ")], { env: { ...process.env, CLIENT_SECRET: clientSecret } })
    .toString()
    .trimEnd()
    .split("\n");
}

/** The request curl would send: `-u id:secret` and `--data-urlencode`/`-d` pairs. */
function asRequest(words: string[]) {
  const form: Record<string, string> = {};
  let basic = "";
  for (let i = 0; i < words.length; i++) {
    if (words[i] === "-u") basic = words[++i]!;
    if (words[i] === "-d" || words[i] === "--data-urlencode") {
      const [k, ...v] = words[++i]!.split("=");
      form[k!] = v.join("=");
    }
  }
  return { url: words[2]!, form, headers: basic ? { Authorization: `Basic ${Buffer.from(basic).toString("base64")}` } : undefined };
}

test("the quick start runs as pasted: test callback in one click, the code shown only to the owner, the token request ready", async ({ page, browser, request }) => {
  await signUp(page, newAccount("Dana Developer"));
  const app = await registerApp(page, { name: "Quick Notes", uris: ["https://notes.example/cb"] });
  const quickStart = page.getByRole("region", { name: "Quick start" });
  await expect(quickStart).toContainText("read -rs CLIENT_SECRET");
  await quickStart.getByRole("button", { name: "Add the test callback as redirect URI 2 of 3" }).click();
  await expect(quickStart).toContainText("is redirect URI 2 of 3");
  await expect(page.getByLabel("Redirect URI 2", { exact: true })).toHaveValue(/\/dashboard\/test-callback$/);

  const authorizeUrl = (await quickStart.getByLabel("Authorize URL (scrolls sideways)").textContent())!;
  const authorize = new URL(authorizeUrl);
  expect(authorize.searchParams.get("redirect_uri")).toMatch(/\/dashboard\/test-callback$/);
  expect(authorize.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);

  // The developer tries it on their own account, as pasted.
  await page.goto(authorizeUrl);
  await page.getByRole("button", { name: "Approve" }).click();
  await page.waitForURL(/\/dashboard\/test-callback\?/);
  const code = (await page.getByTestId("test-callback-code").textContent())!;
  await expect(page.getByText("This page is redirect URI 2 of 3")).toBeVisible();
  await expect(page.getByText("this server, as expected (RFC 9207)")).toBeVisible();
  const callbackUrl = page.url();

  // Someone else sent to the same page (an app's user, talked into it) never sees a code.
  const strangerContext = await browser.newContext();
  const stranger = await strangerContext.newPage();
  await signUp(stranger, newAccount("Sam Stranger"));
  await stranger.goto(callbackUrl);
  await expect(stranger.getByText("This page shows codes only to the app's owner")).toBeVisible();
  await expect(stranger.locator("body")).not.toContainText(code);
  await strangerContext.close();

  // The command on the page, as the shell runs it, gets tokens.
  const words = shellWords((await page.getByLabel("curl (scrolls sideways)").textContent())!, app.clientSecret!);
  expect(words).toContain(`code=${code}`);
  const { url, form, headers } = asRequest(words);
  const tokens = await request.post(url, { form, headers });
  expect(tokens.status()).toBe(200);
  expect(await tokens.json()).toMatchObject({ token_type: "Bearer", scope: "user.read" });
  await page.reload();
  await expect(page.getByText("This code can no longer be used")).toBeVisible();
});

test("a public app's quick start exchanges the code from the app, with no secret", async ({ page }) => {
  await signUp(page, newAccount("Pat Public"));
  await registerApp(page, { name: "Pocket CLI", type: "Public", uris: ["http://127.0.0.1/callback"] });
  const quickStart = page.getByRole("region", { name: "Quick start" });
  await expect(quickStart.getByRole("heading", { name: "2. Exchange the code from the app" })).toBeVisible();
  await expect(quickStart).not.toContainText("from your server");
  await expect(quickStart).not.toContainText("CLIENT_SECRET");
  await open(page, "/dashboard/test-callback?error=access_denied&error_description=The+user+denied&state=abc");
  await expect(page.getByText("The authorization ended with an error: access_denied")).toBeVisible();
});

test("the test callback shows what Gatehouse sent for the owner's own quick start, and only Gatehouse's words for a crafted link", async ({ page }) => {
  await signUp(page, newAccount("Tess Tester"));
  await registerApp(page, { name: "Scoped Notes", uris: ["https://scoped.example/cb"] });
  const quickStart = page.getByRole("region", { name: "Quick start" });
  await quickStart.getByRole("button", { name: "Add the test callback as redirect URI 2 of 3" }).click();
  await expect(quickStart).toContainText("is redirect URI 2 of 3");
  // The quick start's own authorization, asking for a scope that does not exist: Gatehouse's description comes back.
  const authorize = new URL((await quickStart.getByLabel("Authorize URL (scrolls sideways)").textContent())!);
  authorize.searchParams.set("scope", "no.such.scope");
  await page.goto(authorize.toString());
  await page.waitForURL(/\/dashboard\/test-callback\?/);
  await expect(page.getByText("The authorization ended with an error: invalid_scope")).toBeVisible();
  await expect(page.getByText(/no\.such\.scope/)).toBeVisible();
  await expect(page.getByText("the quick start's, returned unchanged")).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to Scoped Notes" })).toBeVisible();

  // The same page from a crafted link: neither its description, its state nor an unknown code is shown.
  const phishing = "Your session expired. Re-enter your password at https://gatehouse-login.example";
  await open(page, `/dashboard/test-callback?${new URLSearchParams({ error: "access_denied", error_description: phishing, state: "Call +1 555 0100 now" })}`);
  await expect(page.getByText("The authorization ended with an error: access_denied")).toBeVisible();
  await expect(page.getByText("The user denied the request on the consent screen.")).toBeVisible();
  await expect(page.locator("main")).not.toContainText("Re-enter");
  await expect(page.locator("main")).not.toContainText("555");
  await open(page, `/dashboard/test-callback?${new URLSearchParams({ error: phishing })}`);
  await expect(page.getByText("The authorization ended with an error Gatehouse does not send")).toBeVisible();
  await expect(page.locator("main")).not.toContainText("Re-enter");
});

test("signing in in the middle of an authorization names the app; the consent screen explains it, with the decision first", async ({ page, browser }) => {
  const developer = await browser.newContext();
  const devPage = await developer.newPage();
  await signUp(devPage, newAccount("Dana Developer"));
  const app = await registerApp(devPage, { name: "Acme Notes", description: "Keeps your notes in sync.", uris: ["https://notes.example/cb"] });
  await developer.close();

  const authorize = `/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: "https://notes.example/cb", scope: "email profile", state: "s" })}`;
  await page.goto(authorize);
  await expect(page.getByRole("heading", { name: "Sign in to continue to Acme Notes" })).toBeVisible();
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { name: "Create an account to continue to Acme Notes" })).toBeVisible();
  // The username apps receive is explained and can be chosen.
  await expect(page.getByText("Apps you approve to see your profile receive it as your username")).toBeVisible();
  const account = newAccount("Uma User");
  await page.getByLabel("Name", { exact: true }).fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Username (optional)").fill(`uma-${Date.now()}`);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();

  await page.waitForURL(/\/oauth\/consent\?request=/);
  await expect(page.getByTestId("consent-app-description")).toContainText("Keeps your notes in sync.");
  const permissions = page.getByRole("list", { name: "Requested permissions" });
  await expect(permissions.getByRole("listitem")).toHaveCount(3);
  await expect(permissions.getByRole("listitem").filter({ hasText: "email" })).toContainText("personal data");
  // No navigation before the decision: the first tab stops are the card's own.
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await page.setViewportSize({ width: 390, height: 844 });
  for (const name of ["Approve", "Deny"]) {
    const box = (await page.getByRole("button", { name }).boundingBox())!;
    expect(box.height, `${name} is tall enough to tap`).toBeGreaterThanOrEqual(44);
  }
  const consentOrder = await permissions.locator("code").allTextContents();
  await page.getByRole("button", { name: "Approve" }).click();
  await page.waitForURL(/^https:\/\/notes\.example\/cb/).catch(() => undefined);

  // The account page lists the same scopes in the same order.
  await open(page, "/account");
  const granted = page.getByRole("list", { name: "What Acme Notes may do" });
  expect(await granted.locator("code").allTextContents()).toEqual(consentOrder);
});

test("unknown protocol paths answer JSON, other unknown pages the site's 404, and the icons exist", async ({ page, request }) => {
  for (const path of ["/.well-known/openid-configuration/x", "/oauth/tokens", "/oauth/"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
    expect(response.headers()["content-type"], path).toContain("application/json");
    expect((await response.json()).error, path).toBe("not_found");
  }
  const unknown = await page.goto("/no-such-page");
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  for (const [path, type] of [
    ["/favicon.ico", "image/x-icon"],
    ["/icon.svg", "image/svg+xml"],
    ["/apple-touch-icon.png", "image/png"],
  ]) {
    const icon = await request.get(path!);
    expect(icon.status(), path).toBe(200);
    expect(icon.headers()["content-type"], path).toContain(type);
  }
});

test("an unknown scope at authorize is named in the error sent back", async ({ page, request }) => {
  await signUp(page, newAccount());
  const app = await registerApp(page, { name: "Scoper", uris: ["https://scoper.example/cb"] });
  const response = await request.get(
    `/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: "https://scoper.example/cb", scope: "user.read notes.reed", state: "s" })}`,
    { maxRedirects: 0, headers: { Cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ") } },
  );
  expect(response.status()).toBe(302);
  const location = new URL(response.headers().location!);
  expect(location.searchParams.get("error")).toBe("invalid_scope");
  expect(location.searchParams.get("error_description")).toContain("scope notes.reed is not offered by this server");
});

test("forms: the focus goes to the first error, errors are tied to their fields, and a cut value says so", async ({ page }) => {
  await open(page, "/signup");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Create account" }).click();
  const name = page.getByLabel("Name", { exact: true });
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAttribute("aria-describedby", /field-name-error/);
  await expect(page.locator("#field-name-error")).toHaveText(/Enter your name/);

  await signUp(page, newAccount());
  await open(page, "/dashboard/new");
  const appName = page.getByLabel("Application name");
  await appName.fill("x".repeat(64));
  await appName.press("End");
  await appName.pressSequentially("y");
  await expect(appName).toHaveValue("x".repeat(64));
  await expect(page.getByText("You reached the limit of 64 characters.")).toBeVisible();
  await expect(appName).toHaveAttribute("aria-describedby", /field-name-limit/);
  await page.getByLabel("Redirect URI 1", { exact: true }).fill("http://not-loopback.example/cb");
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.getByLabel("Redirect URI 1", { exact: true })).toBeFocused();
  // A redirect URI is never cut short in the browser (it would be another URI): too long is said next to it.
  const long = `https://app.example/${"x".repeat(3000)}`;
  await page.getByLabel("Redirect URI 1", { exact: true }).fill(long);
  await expect(page.getByLabel("Redirect URI 1", { exact: true })).toHaveValue(long);
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.locator("#redirect-uri-0-error")).toHaveText("Use at most 2048 characters");
});

test("a new secret revoked while it is still on the page is no longer shown", async ({ page }) => {
  await signUp(page, newAccount());
  await registerApp(page, { name: "Second Thoughts", uris: ["https://second.example/cb"] });
  await page.getByRole("button", { name: "Generate a new secret" }).click();
  const secret = (await page.getByTestId("client-secret").textContent())!;
  await page.getByRole("button", { name: `Revoke secret ${secret.slice(0, 7)}…${secret.slice(-4)}` }).click();
  await page.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(page.getByTestId("secret-row")).toHaveCount(1);
  await expect(page.getByTestId("secret-reveal")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("secret-reveal")).toHaveCount(0);
});

test("the create form offers the test callback, so a first app needs no redirect URI typed by hand", async ({ page }) => {
  await signUp(page, newAccount("Nia Newcomer"));
  await open(page, "/dashboard/new");
  await page.getByLabel("Application name").fill("First Try");
  await page.getByRole("button", { name: "Use the test callback" }).click();
  await expect(page.getByLabel("Redirect URI 1", { exact: true })).toHaveValue(/\/dashboard\/test-callback$/);
  await expect(page.getByRole("button", { name: "Use the test callback" })).toHaveCount(0);
  await page.getByRole("button", { name: "Register application" }).click();
  await page.waitForURL(/\/dashboard\/apps\/[a-z0-9]+\?created=1$/);
  await expect(page.getByRole("region", { name: "Quick start" })).toContainText("is redirect URI 1 of 3");
});
