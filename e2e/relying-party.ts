import { expect, type Browser, type Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { newAccount, registerApp, signUp, type RegisteredApp } from "./helpers";

const ROOT = path.resolve(__dirname, "..");

/** The scopes a relying party asks for (OpenID Connect Core §5.4). */
export const OIDC_SCOPE = "openid profile email";

/**
 * A developer, in a browser context of their own, registers a confidential app with these
 * redirect URIs and, on its settings page's OpenID Connect section, a post-logout redirect URI.
 */
export async function developerRegisters(browser: Browser, name: string, uris: string[], postLogoutUri?: string): Promise<RegisteredApp> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, newAccount("Olive Developer"));
  const app = await registerApp(page, { name, uris });
  if (postLogoutUri) {
    await page.getByLabel("Post-logout redirect URI 1", { exact: true }).fill(postLogoutUri);
    await page.getByRole("button", { name: "Save OpenID Connect settings" }).click();
    await expect(page.getByText("OpenID Connect settings saved.")).toBeVisible();
  }
  await context.close();
  return app;
}

/** Approves on the consent screen, which names the account the app signs the user in as. */
export async function approve(page: Page) {
  await expect(page.getByTestId("consent-app-name")).toBeVisible();
  await page.getByRole("button", { name: "Approve" }).click();
}

export type Example = { url: string; child: ChildProcess; stop(): Promise<void>; output(): string };

/**
 * Starts an example server (examples/...) as a child on a loopback port and waits for its
 * /health; stop() ends it. What it printed is kept for a failing test's message.
 */
export async function startExample(script: string, port: number, env: Record<string, string>): Promise<Example> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.basename(script)], {
    cwd: path.join(ROOT, path.dirname(script)),
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  const keep = (chunk: Buffer) => (printed = (printed + chunk.toString()).slice(-8000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited (${child.exitCode}): ${printed}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, child, stop, output: () => printed };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${script} did not answer within 20 s: ${printed}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
