import { expect, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";

export type Account = { email: string; name: string; password: string };

export function newAccount(name = "Ada Lovelace"): Account {
  return { email: `user-${randomBytes(5).toString("hex")}@example.com`, name, password: "correct horse battery" };
}

export async function signUp(page: Page, account: Account, path = "/signup") {
  await page.goto(path);
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(account.name);
}

export async function signIn(page: Page, account: Pick<Account, "email" | "password">, path = "/signin") {
  await page.goto(path);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
}
