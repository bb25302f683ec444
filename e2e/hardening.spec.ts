import { expect, test } from "@playwright/test";
import { newAccount, signUp } from "./helpers";

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
