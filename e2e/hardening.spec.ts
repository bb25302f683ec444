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
  expect(foreign.status()).toBe(403);
  expect((await page.request.get("/account", { maxRedirects: 0 })).status(), "still signed in").toBe(200);

  expect((await post(baseURL!)).status()).toBe(200);
  expect((await page.request.get("/account", { maxRedirects: 0 })).status(), "signed out everywhere").toBe(307);
});

/** A server action's ID by its exported name, from the build's manifest. */
function actionIdOf(name: string): string {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, { exportedName?: string }> };
  const id = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === name)?.[0];
  expect(id, name).toBeTruthy();
  return id!;
}

test("a server action called with what it does not take is refused 400 and does nothing; an Origin that is not a URL 400, another site's 403", async ({ page, baseURL }) => {
  await signUp(page, newAccount("Odd Arguments"));
  const revoke = actionIdOf("revokePersonalKeyAction");
  const everywhere = actionIdOf("signOutEverywhereAction");
  const call = (id: string, data: string | Record<string, string>, origin: string | null = baseURL!) =>
    page.request.post("/account", {
      headers: { "Next-Action": id, ...(origin === null ? {} : { Origin: origin }), ...(typeof data === "string" ? { "Content-Type": "text/plain;charset=UTF-8" } : {}) },
      ...(typeof data === "string" ? { data } : { multipart: data }),
      maxRedirects: 0,
    });
  // A form-taking action given no form, a number, an object, or a form whose root is not one form.
  for (const body of ["[]", "[1]", "{}", '["$K1"', "x"]) {
    const answer = await call(revoke, body);
    expect(answer.status(), body).toBe(400);
    expect(await answer.text(), body).toContain("this action takes one form");
  }
  expect((await call(revoke, { "0": "[1]", "_1_keyId": "x" })).status()).toBe(400);
  // An action that takes nothing, given something.
  for (const body of ["[1]", '["$K1"]', '["$@1"]']) expect((await call(everywhere, body)).status(), body).toBe(400);
  expect((await call(everywhere, "[]", "http://[")).status()).toBe(400);
  expect((await call(everywhere, "[]", "null")).status()).toBe(403);
  expect((await call(everywhere, "[]", "http://localhost:1")).status()).toBe(403);
  expect((await page.request.get("/account", { maxRedirects: 0 })).status(), "nothing was signed out").toBe(200);
  // What the browser sends still runs.
  expect((await call(revoke, { "0": '["$K1"]', "_1_keyId": "nope" })).status()).toBe(200);
  expect((await call(everywhere, "[]", null)).status()).toBe(200);
  expect((await page.request.get("/account", { maxRedirects: 0 })).status(), "signed out everywhere").toBe(307);
});

test("a form sent without JavaScript with bound arguments, or from another site, is refused", async ({ page, baseURL }) => {
  const bound = await page.request.post("/signin", {
    headers: { Origin: baseURL! },
    multipart: { $ACTION_REF_1: "", "$ACTION_1:0": JSON.stringify({ id: actionIdOf("signUpAction"), bound: "$@1" }), "$ACTION_1:1": "[1]" },
    maxRedirects: 0,
  });
  expect(bound.status()).toBe(400);
  expect(await bound.text()).toContain("bound arguments");
  const foreign = await page.request.post("/signup", { headers: { Origin: "https://evil.example" }, multipart: { [`$ACTION_ID_${actionIdOf("signUpAction")}`]: "" }, maxRedirects: 0 });
  expect(foreign.status()).toBe(403);
});

test("a callback-url cookie next-auth would refuse is dropped and cleared: every page, the authorization request and sign-in still work", async ({ page, context, baseURL }) => {
  await signUp(page, newAccount("Bad Cookie"));
  const app = await registerApp(page, { name: "Cookie Jar", uris: ["https://client.test/callback"] });
  const bad = (name: string) => context.addCookies([{ name, value: "hasOwnProperty", url: baseURL! }]);
  await bad("next-auth.callback-url");
  const dashboard = await page.request.get("/dashboard", { maxRedirects: 0 });
  expect(dashboard.status()).toBe(200);
  expect(dashboard.headers()["set-cookie"]).toContain("next-auth.callback-url=; Path=/; Max-Age=0");
  // Not seen by proxy.ts: the session is read without the cookie. (Chromium sets no __Secure- cookie over http: the header is written here.)
  const cookie = [...(await context.cookies()).map((c) => `${c.name}=${c.value}`), "next-auth.callback-url=hasOwnProperty", "__Secure-next-auth.callback-url=javascript%3Ax"].join("; ");
  const query = new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: "https://client.test/callback", code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256" });
  const authorize = await page.request.get(`/oauth/authorize?${query}`, { headers: { cookie }, maxRedirects: 0 });
  // Signed in, so on to consent (signed out it would be the sign-in page).
  const consent = authorize.headers()["location"]!;
  expect(consent).toMatch(/^\/oauth\/consent\?request=/);
  const screen = await page.request.get(consent, { headers: { cookie }, maxRedirects: 0 });
  expect(screen.status()).toBe(200);
  expect(await screen.text()).toContain("Approve");
  const request = new URL(consent, baseURL).searchParams.get("request")!;
  const decision = await page.request.post("/oauth/consent/decision", { headers: { cookie, Origin: baseURL! }, form: { decision: "deny", request }, maxRedirects: 0 });
  expect(decision.headers()["location"]).toMatch(/^https:\/\/client\.test\/callback\?error=access_denied/);
  await bad("next-auth.callback-url");
  // next-auth's routes run, and put a sound cookie in its place.
  const csrf = await page.request.get("/api/auth/csrf");
  expect(csrf.status()).toBe(200);
  expect(csrf.headers()["set-cookie"]).toMatch(/next-auth\.callback-url=http/);
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("next-auth answers HEAD as GET, and a method an action does not take 405 with its Allow", async ({ request }) => {
  const head = await request.head("/api/auth/csrf");
  expect(head.status()).toBe(200);
  expect(head.headers()["content-type"]).toContain("application/json");
  for (const [method, path, allow] of [["POST", "/api/auth/csrf", "GET, HEAD"], ["POST", "/api/auth/providers", "GET, HEAD"], ["GET", "/api/auth/_log", "POST"]] as const) {
    const answer = await request.fetch(path, { method, maxRedirects: 0 });
    expect(answer.status(), `${method} ${path}`).toBe(405);
    expect(answer.headers()["allow"], path).toBe(allow);
  }
});

test("every server action of the build takes one form or nothing, as lib/page-request.ts lets through", () => {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, { exportedName?: string }> };
  const ids = Object.entries(manifest.node);
  expect(ids.length).toBeGreaterThan(10);
  for (const [id, entry] of ids) {
    // The first byte: bit 7 "use cache", bits 6..1 the first six arguments read, bit 0 rest arguments.
    const info = parseInt(id.slice(0, 2), 16);
    expect(info & ~0x40, `${entry.exportedName} reads only its first argument, a form`).toBe(0);
  }
});
