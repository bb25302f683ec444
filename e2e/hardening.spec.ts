import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { newAccount, open, registerApp, signIn, signUp } from "./helpers";

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

test("an invalid authorization request sends only a signed-in user back to the app; a visitor sees it on Gatehouse", async ({ browser, page }) => {
  await signUp(page, newAccount("Redirect Developer"));
  const app = await registerApp(page, { name: "Redirector", uris: ["https://redirector.example/cb"] });
  const path = `/oauth/authorize?${new URLSearchParams({ client_id: app.clientId, response_type: "x", state: "s1" })}`;

  const visitor = await browser.newContext();
  const seen = await visitor.request.get(path, { maxRedirects: 0 });
  expect(seen.status()).toBe(400);
  const html = await seen.text();
  expect(html).toContain("Redirector sent an invalid request");
  expect(html).toContain("Continue to redirector.example");
  await visitor.close();

  const signedIn = await page.request.get(path, { maxRedirects: 0 });
  expect(signedIn.status()).toBe(302);
  expect(new URL(signedIn.headers()["location"]!).searchParams.get("error")).toBe("unsupported_response_type");
});

test("every kind of page carries its security headers, and runs only scripts with its nonce", async ({ page, request }) => {
  for (const path of ["/", "/signin", "/signup", "/docs", "/docs/protect-your-api"]) {
    const response = await request.get(path);
    const headers = response.headers();
    const csp = headers["content-security-policy"]!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, path).toBeTruthy();
    expect(csp, path).toContain("object-src 'none'");
    expect(csp, path).toContain("base-uri 'none'");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"], "no HSTS over plain http").toBeUndefined();
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
  }
  // A fresh nonce per response.
  const [a, b] = [await request.get("/signin"), await request.get("/signin")];
  expect(a.headers()["content-security-policy"]).not.toBe(b.headers()["content-security-policy"]);

  // The pages still come alive under the policy; the authorization pages send no referrer.
  const errors: string[] = [];
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await signUp(page, newAccount("Csp Checker"));
  expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  // Signed-in pages too.
  for (const path of ["/dashboard", "/dashboard/new", "/account"]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"]!)?.[1];
    expect(nonce, path).toBeTruthy();
    for (const tag of (await response.text()).match(/<script\b[^>]*>/g) ?? []) expect(tag, path).toContain(`nonce="${nonce}"`);
  }
  const authorizePage = await request.get("/oauth/authorize?client_id=nope", { maxRedirects: 0 });
  expect(authorizePage.headers()["referrer-policy"]).toBe("no-referrer");
  expect(authorizePage.headers()["content-security-policy"]).toContain("default-src 'none'");
});

test("the session cookie is HttpOnly and SameSite=Lax (and Secure when the issuer is https)", async ({ page, context }) => {
  await signUp(page, newAccount("Cookie Checker"));
  const session = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
});

test("a server action posted from another site is refused; from this site it runs", async ({ page, baseURL }) => {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, { exportedName?: string }> };
  const actionId = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === "signOutEverywhereAction")?.[0];
  expect(actionId).toBeTruthy();
  await signUp(page, newAccount("Cross Site"));
  const post = (origin: string) =>
    page.request.post("/account", { headers: { "Next-Action": actionId!, Origin: origin, "Content-Type": "text/plain;charset=UTF-8" }, data: "[]", maxRedirects: 0 });

  const foreign = await post("https://evil.example");
  expect(foreign.status()).not.toBe(200);
  expect((await page.request.get("/account", { maxRedirects: 0 })).status(), "still signed in").toBe(200);

  expect((await post(baseURL!)).status()).toBe(200);
  expect((await page.request.get("/account", { maxRedirects: 0 })).status(), "signed out everywhere").toBe(307);
});
