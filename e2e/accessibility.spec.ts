import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { confirmSecretStored, interactive, makeOperator, newAccount, open, registerApp, signUp, type RegisteredApp } from "./helpers";

/**
 * Every kind of page, at a desktop width and at 390 px (a phone), audited with axe: a serious
 * or critical violation fails the test, named with the elements it was found on. The consent
 * screen and the app page at 390 px are also saved as screenshots (test-results/screenshots).
 */
const WIDTHS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

const SCREENSHOTS = path.join(process.cwd(), "test-results", "screenshots");

async function audit(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id} (${v.help}) on ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, `${what}: accessibility violations`).toEqual([]);
}

/** The pages of a signed-in developer with one app, and a consent screen open. */
type Tour = { app: RegisteredApp; consentUrl: string; appId: string };

async function tour(browser: Browser): Promise<Tour & { storageState: Awaited<ReturnType<import("@playwright/test").BrowserContext["storageState"]>> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, newAccount("Axel Audit"));
  const app = await registerApp(page, {
    name: "Audited Notes",
    description: "Keeps your notes in sync across devices.",
    uris: ["https://notes.example/a-rather-long-callback-path/that/keeps/going/on/and/on?with=query&and=more"],
  });
  const appId = new URL(app.appUrl).pathname.split("/").pop()!;
  const authorize = `/oauth/authorize?${new URLSearchParams({
    response_type: "code",
    client_id: app.clientId,
    redirect_uri: "https://notes.example/a-rather-long-callback-path/that/keeps/going/on/and/on?with=query&and=more",
    scope: "user.read profile email",
    state: "s",
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    code_challenge_method: "S256",
  })}`;
  await page.goto(authorize);
  await page.waitForURL(/\/oauth\/consent\?request=/);
  const consentUrl = page.url();
  const storageState = await context.storageState();
  await context.close();
  return { app, consentUrl, appId, storageState };
}

type Storage = Awaited<ReturnType<import("@playwright/test").BrowserContext["storageState"]>>;

/**
 * An operator with an API whose identifier is long, a restricted scope, and a developer's request
 * for it waiting: the operator pages with everything they show.
 */
async function operatorTour(browser: Browser): Promise<{ apiPage: string; storageState: Storage }> {
  const developerContext = await browser.newContext();
  const dev = await developerContext.newPage();
  await signUp(dev, newAccount("Dora Developer-With-A-Rather-Long-Name"));
  const app = await registerApp(dev, { name: "Audited Reader", uris: ["https://reader.example/callback"] });

  const context = await browser.newContext();
  const page = await context.newPage();
  const operator = { ...newAccount("Otto Operator"), email: `operator-with-a-long-address-${Date.now()}@operations.example.com` };
  await signUp(page, operator);
  makeOperator(operator.email);
  await open(page, "/operator/apis/new");
  await page.getByLabel("Name").fill("Audited Ledger API");
  await page.getByLabel("Identifier").fill(`https://ledger-api.internal.example.com/v1/a-rather-long-resource-path/${Date.now()}`);
  await page.getByRole("button", { name: "Register API" }).click();
  await page.waitForURL(/\/operator\/apis\/[a-z0-9]+\?registered=1$/);
  const apiPage = page.url().replace(/\?.*$/, "");
  await interactive(page);
  await confirmSecretStored(page);
  const scope = `ledger.read.${Date.now()}`;
  await page.getByLabel("Name").fill(scope);
  await page.getByLabel("Description").fill("Read your ledger entries");
  await page.getByLabel(/^Restricted/).check();
  await page.getByRole("button", { name: "Add scope" }).click();
  await expect(page.getByTestId("api-scope-row")).toHaveCount(1);

  await open(dev, new URL(app.appUrl).pathname);
  const restricted = dev.getByTestId("restricted-scope").filter({ hasText: scope });
  await restricted.getByLabel(`Why does your app need ${scope}?`).fill("It shows the user's ledger entries on a phone, read only.");
  await restricted.getByRole("button", { name: "Request approval" }).click();
  await expect(restricted).toContainText("Waiting for an operator");
  await developerContext.close();

  const storageState = await context.storageState();
  await context.close();
  return { apiPage, storageState };
}

for (const size of WIDTHS) {
  test.describe(`accessibility at ${size.name} width (${size.width} px)`, () => {
    test("signed-out pages: home, sign-in, sign-up, docs, error pages, 404", async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
      const page = await context.newPage();
      for (const [what, url] of [
        ["home", "/"],
        ["sign-in", "/signin"],
        ["sign-up", "/signup"],
        ["docs", "/docs"],
        ["protect your API", "/docs/protect-your-api"],
        ["404", "/no-such-page"],
        ["authorize error page", "/oauth/authorize?client_id=no-such-client"],
      ] as const) {
        await page.goto(url);
        await audit(page, `${what} (${url})`);
      }
      // The sign-up form with its errors showing.
      await open(page, "/signup");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.locator("#field-email-error")).toBeVisible();
      await audit(page, "sign-up with errors");
      await context.close();
    });

    test("signed-in pages: dashboard, new app, app page, consent, account, test callback", async ({ browser }) => {
      test.setTimeout(60_000); // an account, an app and a consent request before six audits: 24 s of 30 on a loaded machine
      const { consentUrl, appId, storageState } = await tour(browser);
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, storageState });
      const page = await context.newPage();
      for (const [what, url] of [
        ["dashboard", "/dashboard"],
        ["new app", "/dashboard/new"],
        ["app page", `/dashboard/apps/${appId}`],
        ["account", "/account"],
        ["test callback", "/dashboard/test-callback?error=access_denied&state=s"],
        ["consent", consentUrl],
        ["consent no longer valid", "/oauth/consent?request=gone"],
        ["404 signed in", `/dashboard/apps/${"x".repeat(25)}`],
      ] as const) {
        await page.goto(url);
        await audit(page, `${what} (${url})`);
        if (size.name === "phone" && (what === "consent" || what === "app page")) {
          mkdirSync(SCREENSHOTS, { recursive: true });
          await page.screenshot({ path: path.join(SCREENSHOTS, `${what.replace(" ", "-")}-390.png`), fullPage: true });
        }
      }
      // Nothing wider than the screen on a phone.
      if (size.name === "phone") {
        for (const url of ["/dashboard", `/dashboard/apps/${appId}`, "/account", consentUrl, "/docs"]) {
          await page.goto(url);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${url} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
        }
      }
      await context.close();
    });

    test("operator pages: the console, an API, registering an API", async ({ browser }) => {
      test.setTimeout(60_000); // two accounts, an API, a scope and a request before the audits
      const { apiPage, storageState } = await operatorTour(browser);
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, storageState });
      const page = await context.newPage();
      const pages = [
        ["operator console", "/operator"],
        ["registered API", new URL(apiPage).pathname],
        ["register an API", "/operator/apis/new"],
      ] as const;
      for (const [what, url] of pages) {
        await page.goto(url);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await audit(page, `${what} (${url})`);
        if (size.name !== "phone") continue;
        // Nothing wider than the screen, and the header's Operator link whole on it.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${url} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
        const link = await page.getByRole("banner").getByRole("link", { name: "Operator" }).boundingBox();
        expect(link, `${url}: the header's Operator link`).not.toBeNull();
        expect(link!.x + link!.width, `${url}: the header's Operator link ends inside the screen`).toBeLessThanOrEqual(size.width);
        if (url === "/operator") {
          // Each activity entry stays inside its card.
          const card = (await page.locator("#activity").boundingBox())!;
          for (const row of await page.getByTestId("activity-row").all()) {
            const box = (await row.boundingBox())!;
            expect(box.x + box.width, "an activity entry ends inside its card").toBeLessThanOrEqual(card.x + card.width);
          }
          mkdirSync(SCREENSHOTS, { recursive: true });
          await page.screenshot({ path: path.join(SCREENSHOTS, "operator-390.png"), fullPage: true });
        }
      }
      await context.close();
    });
  });
}
