import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { newAccount, signUp } from "./helpers";
import { approve, developerRegisters } from "./relying-party";

// Debian's python3 and python3-authlib (.ci/run installs them): not whatever python3 is first on PATH.
const PYTHON = "/usr/bin/python3";
const SCRIPT = path.join(__dirname, "fixtures", "authlib_oidc.py");
const CALLBACK = "http://127.0.0.1:8980/callback";

test("Authlib's OpenID Connect client signs a user in and validates the ID token itself", async ({ browser, page, baseURL }) => {
  expect(existsSync(PYTHON), "Debian's python3 with python3-authlib and python3-requests is needed: apt-get install python3-authlib python3-requests").toBe(true);
  const app = await developerRegisters(browser, "Authlib", [CALLBACK]);

  // Authlib allows plain http only to http://localhost:; the test server is on 127.0.0.1.
  const child = spawn(PYTHON, [SCRIPT, baseURL!, app.clientId, app.clientSecret!, CALLBACK], {
    env: { ...process.env, AUTHLIB_INSECURE_TRANSPORT: "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`the Authlib script ended early (${await exited}): ${stderr}`);
    return JSON.parse(value as string) as Record<string, unknown>;
  };
  try {
    const authorizationUrl = new URL((await nextLine()).authorization_url as string);
    // Authlib discovered the endpoint and sent a state, a nonce and a PKCE challenge of its own.
    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${baseURL}/oauth/authorize`);
    expect(authorizationUrl.searchParams.get("scope")).toBe("openid profile email");
    expect(authorizationUrl.searchParams.get("nonce")).toBeTruthy();
    expect(authorizationUrl.searchParams.get("code_challenge_method")).toBe("S256");

    await page.route("http://127.0.0.1:8980/**", (route) => route.fulfill({ status: 200, body: "callback" }));
    const user = newAccount("Arlo Authlib");
    await signUp(page, user);
    await page.goto(authorizationUrl.href);
    await approve(page);
    await page.waitForURL(/^http:\/\/127\.0\.0\.1:8980\/callback\?/);
    child.stdin.write(`${page.url()}\n`);

    const { claims, token } = (await nextLine()) as { claims: Record<string, unknown>; token: string[] };
    expect(token).toEqual(expect.arrayContaining(["access_token", "id_token", "refresh_token"]));
    expect(claims).toMatchObject({
      iss: baseURL,
      aud: app.clientId,
      nonce: authorizationUrl.searchParams.get("nonce"),
      name: user.name,
      email: user.email,
    });
    expect(claims.sub).toEqual(expect.any(String));
    expect(claims.at_hash).toEqual(expect.any(String));
    expect(await exited, stderr).toBe(0);
  } finally {
    child.kill();
  }
});
