import { expect, test } from "@playwright/test";
import { existsSync } from "node:fs";
import path from "node:path";
import { newAccount, signUp } from "./helpers";
import { approve, developerRegisters, startExample, type Example } from "./relying-party";

// examples/authjs: Auth.js v5 (@auth/core) with an `oidc` provider configured by its issuer alone.
const AUTHJS_PORT = 4204;
const AUTHJS = `http://127.0.0.1:${AUTHJS_PORT}`;

test("Auth.js with only the issuer signs a user in from the ID token", async ({ browser, page, baseURL }) => {
  test.setTimeout(60_000);
  expect(existsSync(path.join(__dirname, "../examples/authjs/node_modules/@auth/core")), "install examples/authjs first: (cd examples/authjs && npm ci)").toBe(true);
  const app = await developerRegisters(browser, "Auth.js", [`${AUTHJS}/auth/callback/gatehouse`]);
  let authjs: Example | undefined;
  try {
    authjs = await startExample("examples/authjs/server.mjs", AUTHJS_PORT, {
      GATEHOUSE_ISSUER: baseURL!,
      AUTH_GATEHOUSE_ID: app.clientId,
      AUTH_GATEHOUSE_SECRET: app.clientSecret!,
      AUTH_SECRET: "authjs-e2e-secret-0123456789-abcdefghijklmnop",
    });
    const user = newAccount("Aurelia Authjs");
    await signUp(page, user);

    await page.goto(`${AUTHJS}/auth/signin?callbackUrl=${encodeURIComponent(`${AUTHJS}/`)}`);
    const authorize = page.waitForRequest((request) => request.url().startsWith(`${baseURL}/oauth/authorize?`));
    await page.getByRole("button", { name: "Sign in with Gatehouse" }).click();
    // Auth.js found the endpoint in /.well-known/openid-configuration and asks for its defaults.
    const sent = new URL((await authorize).url());
    expect(sent.searchParams.get("scope")).toBe("openid profile email");
    expect(sent.searchParams.get("code_challenge_method")).toBe("S256");
    await approve(page);

    // Auth.js required an ID token, validated it (oauth4webapi) and took the user from its claims.
    await page.waitForURL(`${AUTHJS}/`);
    await expect(page.getByTestId("signed-in-as")).toHaveText(user.name);
    await expect(page.getByTestId("email")).toHaveText(user.email);
    const session = await (await page.request.get(`${AUTHJS}/auth/session`)).json();
    expect(session.user).toMatchObject({ name: user.name, email: user.email });
  } catch (error) {
    console.error(`examples/authjs printed:\n${authjs?.output() ?? ""}`);
    throw error;
  } finally {
    await authjs?.stop();
  }
});
