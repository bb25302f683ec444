import { expect, test } from "@playwright/test";
import { newAccount, open, signIn, signUp } from "./helpers";

test("a signed-in visit to /signin with a dot-segment callbackUrl stays on this site", async ({ page }) => {
  await signUp(page, newAccount("Dot Segment"));
  for (const target of ["/.//evil.example", "/%2e//evil.example"]) {
    const response = await page.request.get(`/signin?callbackUrl=${encodeURIComponent(target)}`, { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(response.headers()["location"]).toBe("/dashboard");
  }
});

test("a consent decision over 64 KiB is refused with 413 and decides nothing", async ({ page }) => {
  await signUp(page, newAccount("Big Body"));
  const response = await page.request.post("/oauth/consent/decision", {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    data: `decision=approve&request=${"a".repeat(70 * 1024)}`,
    maxRedirects: 0,
  });
  expect(response.status()).toBe(413);
  expect(await response.text()).toContain("Request too large");
});

test("sign out everywhere ends this session and every other one", async ({ browser, page }) => {
  const account = newAccount("Everywhere Eve");
  await signUp(page, account);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, account);
  await expect(otherPage.getByTestId("signed-in-as")).toContainText(account.name);

  await open(page, "/account");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(/\/signin\?callbackUrl=%2Faccount/);
  await other.close();
});
