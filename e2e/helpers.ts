import { expect, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";

export type Account = { email: string; name: string; password: string };

export function newAccount(name = "Ada Lovelace"): Account {
  return { email: `user-${randomBytes(5).toString("hex")}@example.com`, name, password: "correct horse battery" };
}

/** Grants the operator role as an operator does it, from the command line, on the server's database. */
export function makeOperator(email: string) {
  const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? "file:./.test-db/e2e.db" };
  execFileSync("npm", ["run", "-s", "operator", "--", "add", email], { env, stdio: "pipe" });
}

/** Waits until React has hydrated the page, so its forms and buttons are interactive. */
export async function interactive(page: Page) {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

/** Opens a page and waits until it is interactive. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await interactive(page);
}

export async function signUp(page: Page, account: Account, path = "/signup") {
  await open(page, path);
  await page.getByLabel("Name", { exact: true }).fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(account.name);
}

export async function signIn(page: Page, account: Pick<Account, "email" | "password">, path = "/signin") {
  await open(page, path);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await interactive(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
}

export type AppInput = { name: string; description?: string; type?: "Confidential" | "Public"; uris: string[] };

/** Registers an application through the dashboard; leaves the page on the result. */
export async function createApp(page: Page, opts: AppInput) {
  await open(page, "/dashboard/new");
  await page.getByLabel("Application name").fill(opts.name);
  if (opts.description) await page.getByLabel("Description (optional)").fill(opts.description);
  if (opts.type === "Public") await page.getByLabel(/^Public/).check();
  for (let i = 0; i < opts.uris.length; i++) {
    if (i > 0) await page.getByRole("button", { name: "+ Add another redirect URI" }).click();
    await page.getByLabel(`Redirect URI ${i + 1}`, { exact: true }).fill(opts.uris[i]!);
  }
  await page.getByRole("button", { name: "Register application" }).click();
}

export type RegisteredApp = { clientId: string; clientSecret: string | null; appUrl: string };

/** Registers an app and returns its credentials (the secret from the one time it is shown). */
export async function registerApp(page: Page, opts: AppInput): Promise<RegisteredApp> {
  await createApp(page, opts);
  if (opts.type === "Public") {
    await expect(page.getByTestId("client-id")).toBeVisible();
    return { clientId: (await page.getByTestId("client-id").textContent())!, clientSecret: null, appUrl: page.url().replace(/\?.*$/, "") };
  }
  const clientSecret = (await page.getByTestId("client-secret").textContent())!;
  const clientId = (await page.getByTestId("client-id").textContent())!;
  await confirmSecretStored(page);
  await expect(page.getByRole("heading", { name: opts.name, level: 1 })).toBeVisible();
  return { clientId, clientSecret, appUrl: page.url().replace(/\?.*$/, "") };
}

/** Confirms that the new secret on the page is stored; it is not shown again. */
export async function confirmSecretStored(page: Page) {
  await page.getByRole("button", { name: "I have stored the secret" }).click();
  await expect(page.getByTestId("secret-reveal")).toHaveCount(0);
}
