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
