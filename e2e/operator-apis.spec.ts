import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { protectedResourceMetadataSchema } from "@/lib/operator/resource-metadata";
import { confirmSecretStored, interactive, makeOperator, newAccount, open, registerApp, signUp } from "./helpers";

const CALLBACK = "http://127.0.0.1:8977/callback";
const NOTES_PORT = 4107;
const NOTES = `http://127.0.0.1:${NOTES_PORT}`;
/** Where the notes API serves its protected resource metadata (RFC 9728 §3.1: its identifier has no path). */
const NOTES_METADATA = `${NOTES}/.well-known/oauth-protected-resource`;

async function startNotesApi(baseURL: string, apiId: string, apiSecret: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["examples/notes-api/server.mjs"], {
    env: { ...process.env, GATEHOUSE_ISSUER: baseURL, NOTES_API_ID: apiId, NOTES_API_SECRET: apiSecret, PORT: String(NOTES_PORT), NOTES_API_IDENTIFIER: NOTES },
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${NOTES}/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("the notes API did not start");
}

const pkce = () => {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
};

/** An authorization request for tokens bound to the given APIs (RFC 8707: one resource parameter each). */
function authorizeUrl(clientId: string, scope: string, challenge: string, resources: string[] = [`${NOTES}/`]) {
  const params = new URLSearchParams({ response_type: "code", client_id: clientId, redirect_uri: CALLBACK, scope, state: "st-1", code_challenge: challenge, code_challenge_method: "S256" });
  for (const resource of resources) params.append("resource", resource);
  return `/oauth/authorize?${params}`;
}

const notes = (request: APIRequestContext, token: string, method: "GET" | "POST" = "GET") =>
  request.fetch(`${NOTES}/notes`, { method, headers: { Authorization: `Bearer ${token}` }, ...(method === "POST" ? { data: { text: "hello" } } : {}) });

async function addScope(page: Page, name: string, description: string, restricted: boolean) {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Description").fill(description);
  if (restricted) await page.getByLabel(/^Restricted/).check();
  await page.getByRole("button", { name: "Add scope" }).click();
  await expect(page.getByText(restricted ? `Added ${name}, restricted: no app can request it until an operator approves it for that app` : `Added ${name}. Apps can request it now`)).toBeVisible();
}

test("an operator's API accepts Gatehouse tokens: restricted scope approval, consent, scopes enforced, revocation, personal keys, its RFC 9728 metadata", async ({ browser, page, request, baseURL }) => {
  test.setTimeout(120_000);
  let notesApi: ChildProcess | undefined;
  try {
    // The operator role comes only from the command line; before it, the area does not exist.
    const operatorContext = await browser.newContext();
    const op = await operatorContext.newPage();
    const operator = newAccount("Olga Operator");
    await signUp(op, operator);
    expect((await op.goto("/operator"))!.status()).toBe(404);
    makeOperator(operator.email);
    await open(op, "/operator");
    await expect(op.getByRole("heading", { name: "Operator", level: 1 })).toBeVisible();
    await expect(op.getByRole("banner").getByRole("link", { name: "Operator" })).toBeVisible();

    // The metadata document as the front serves it (and keeps) before the scopes exist.
    const scopesSupported = async () => ((await (await request.get("/.well-known/oauth-authorization-server")).json()) as { scopes_supported: string[] }).scopes_supported;
    expect(await scopesSupported()).not.toContain("notes.read");

    // Register the API and its scopes: notes.read restricted, notes.write open to every app.
    await op.getByRole("link", { name: "Register an API" }).click();
    await interactive(op);
    await op.getByLabel("Name").fill("Notes API");
    await op.getByLabel("Identifier").fill("notes.example.com");
    await op.getByRole("button", { name: "Register API" }).click();
    await expect(op.getByText(/Enter an absolute URI/)).toBeVisible();
    await op.getByLabel("Identifier").fill(`${NOTES}/`);
    await op.getByRole("button", { name: "Register API" }).click();
    await op.waitForURL(/\/operator\/apis\/[a-z0-9]+\?registered=1$/);
    const apiId = (await op.getByTestId("api-id").textContent())!;
    const apiSecret = (await op.getByTestId("api-secret").textContent())!;
    expect(apiId).toMatch(/^api_/);
    expect(apiSecret).toMatch(/^gapi_/);
    await interactive(op);
    await confirmSecretStored(op);
    // The document the API should serve (RFC 9728), before it has scopes: none listed, not [].
    const metadataCard = op.getByRole("region", { name: "Protected resource metadata" });
    await expect(metadataCard).toContainText("The API has no scopes yet, so the document leaves scopes_supported out");
    await addScope(op, "notes.read", "Read your notes", true);
    await addScope(op, "notes.write", "Write notes for you", false);
    await expect(op.getByTestId("api-scope-row")).toHaveCount(2);
    await expect(metadataCard.getByTestId("resource-metadata-url")).toHaveText(NOTES_METADATA);
    const shownDocument = JSON.parse((await metadataCard.getByTestId("resource-metadata-document").locator("pre").textContent())!) as unknown;
    expect(shownDocument).toEqual({
      resource: `${NOTES}/`,
      authorization_servers: [baseURL],
      scopes_supported: ["notes.read", "notes.write"],
      bearer_methods_supported: ["header"],
      resource_name: "Notes API",
    });
    const shownChallenges = metadataCard.getByTestId("resource-refusal");
    await expect(shownChallenges).toHaveCount(3);
    await expect(shownChallenges.nth(0)).toContainText("No token in the request");
    await expect(shownChallenges.nth(0).locator("code")).toHaveText(`Bearer resource_metadata="${NOTES_METADATA}"`);
    await expect(shownChallenges.nth(1).locator("code")).toHaveText(`Bearer resource_metadata="${NOTES_METADATA}", error="invalid_token", error_description="the token is not active for this API"`);
    // The metadata follows the catalogue within its poll (a second), not the cached document.
    await expect.poll(scopesSupported, { timeout: 5000 }).toEqual(expect.arrayContaining(["notes.read", "notes.write"]));
    notesApi = await startNotesApi(baseURL!, apiId, apiSecret);

    // The notes API serves the document the operator area shows, where RFC 9728 §3.1 puts it, and
    // points every refusal to it (§5.1); a request without a token gets no error code (RFC 6750 §3.1).
    const served = await request.get(NOTES_METADATA);
    expect(served.status()).toBe(200);
    expect(served.headers()["content-type"]).toBe("application/json");
    expect(protectedResourceMetadataSchema.parse(await served.json())).toEqual(shownDocument);
    const anonymous = await request.get(`${NOTES}/notes`);
    expect(anonymous.status()).toBe(401);
    expect(anonymous.headers()["www-authenticate"]).toBe(`Bearer resource_metadata="${NOTES_METADATA}"`);

    // A developer's app may not ask for the restricted scope until an operator approves it.
    const developerContext = await browser.newContext();
    const dev = await developerContext.newPage();
    await signUp(dev, newAccount("Dana Developer"));
    const app = await registerApp(dev, { name: "Notes Client", uris: [CALLBACK] });
    const refused = await dev.request.get(authorizeUrl(app.clientId, "notes.read", pkce().challenge), { maxRedirects: 0 });
    const refusedAt = new URL(refused.headers()["location"]!);
    expect(refusedAt.searchParams.get("error")).toBe("invalid_scope");
    expect(refusedAt.searchParams.get("error_description")).toMatch(/notes\.read is a restricted scope that needs an operator's approval/);

    await interactive(dev);
    // Other specs' APIs may have restricted scopes and requests of their own: only this one's count.
    const restricted = dev.getByTestId("restricted-scope").filter({ hasText: "notes.read" });
    await expect(restricted).toContainText("Not requested");
    const requestable = dev.getByRole("list", { name: "Scopes you can request" }).getByRole("listitem");
    await expect(requestable.filter({ hasText: "notes.read" })).toContainText("needs approval");
    await expect(requestable.filter({ hasText: "notes.write" })).not.toContainText("needs approval");
    await restricted.getByLabel("Why does your app need notes.read?").fill("It shows the user's notes on their phone.");
    await restricted.getByRole("button", { name: "Request approval" }).click();
    await expect(restricted).toContainText("Waiting for an operator");

    await open(op, "/operator");
    const requestItem = op.getByTestId("scope-request").filter({ hasText: "Notes Client" });
    await expect(requestItem).toContainText("notes.read for Notes Client");
    await expect(requestItem).toContainText("It shows the user's notes on their phone.");
    await requestItem.getByLabel(/Note for the developer/).fill("Approved for the mobile app");
    await requestItem.getByRole("button", { name: "Approve" }).click();
    await expect(op.getByText("Approved notes.read for Notes Client.")).toBeVisible();

    await dev.reload();
    await expect(restricted).toContainText("Approved");
    await expect(requestable.filter({ hasText: "notes.read" })).not.toContainText("needs approval");
    await expect(restricted).toContainText("Approved for the mobile app");
    await developerContext.close();

    // An end user consents; the app calls the API with an access token for it (resource, RFC 8707).
    await page.route("http://127.0.0.1:8977/**", (route) => route.fulfill({ status: 200, body: "callback" }));
    await signUp(page, newAccount("Uma User"));
    const { verifier, challenge } = pkce();
    await page.goto(authorizeUrl(app.clientId, "notes.read", challenge));
    await expect(page.getByText("Read your notes")).toBeVisible();
    await expect(page.getByTestId("consent-resources")).toHaveText(`Notes Client's access works only at this API: ${NOTES}/`);
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(/^http:\/\/127\.0\.0\.1:8977\/callback\?/);
    const code = new URL(page.url()).searchParams.get("code")!;
    const basic = { Authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}` };
    const tokenResponse = await request.post("/oauth/token", { form: { grant_type: "authorization_code", code, redirect_uri: CALLBACK, code_verifier: verifier, resource: `${NOTES}/` }, headers: basic });
    expect(tokenResponse.status()).toBe(200);
    const tokens = (await tokenResponse.json()) as { access_token: string; scope: string };
    // A token for the notes API alone: no user scope, so not for userinfo either (user.read is not added with resource).
    expect(tokens.scope).toBe("notes.read");
    const userinfo = await request.get("/oauth/userinfo", { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    expect(userinfo.status()).toBe(401);
    expect(((await userinfo.json()) as { error_description: string }).error_description).toMatch(/for another API/);

    const listed = await notes(request, tokens.access_token);
    expect(listed.status()).toBe(200);
    expect(await listed.json()).toEqual({ notes: [] });
    const write = await notes(request, tokens.access_token, "POST");
    expect(write.status()).toBe(403);
    expect(write.headers()["www-authenticate"]).toBe(
      `Bearer resource_metadata="${NOTES_METADATA}", error="insufficient_scope", error_description="this route needs the notes.write scope", scope="notes.write"`,
    );

    // The user revokes the app: the very next call is refused.
    await open(page, "/account");
    await page.getByRole("button", { name: "Revoke access for Notes Client" }).click();
    await page.getByRole("button", { name: "Yes, revoke" }).click();
    await expect(page.getByText("Notes Client can no longer access your account.")).toBeVisible();
    const afterRevoke = await notes(request, tokens.access_token);
    expect(afterRevoke.status()).toBe(401);
    expect(afterRevoke.headers()["www-authenticate"]).toContain('error="invalid_token"');

    // A personal key works the same way, with the scopes the user chose (restricted ones are not offered).
    const keys = page.getByRole("region", { name: "Personal API keys" });
    await expect(keys.getByRole("checkbox", { name: /notes\.read/ })).toHaveCount(0);
    await keys.getByRole("textbox", { name: "Name" }).fill("my script");
    await keys.getByRole("checkbox", { name: /notes\.write/ }).check();
    await keys.getByLabel("Expires after").selectOption("7");
    await keys.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("personal-key").textContent())!;
    expect(key).toMatch(/^gpat_/);
    await confirmSecretStored(page);
    await expect(page.getByTestId("personal-key-row")).toContainText("notes.write user.read");
    expect((await notes(request, key, "POST")).status()).toBe(201);
    expect((await notes(request, key)).status()).toBe(403);
    // A live key without any of the API's scopes is not valid for it: told so, not called dead.
    const notActive = "the token is not active for this API: it is unknown, expired, revoked, or for another API";
    await keys.getByRole("textbox", { name: "Name" }).fill("profile only");
    await keys.getByRole("checkbox", { name: /^profile/ }).check();
    await keys.getByRole("button", { name: "Create key" }).click();
    const otherKey = (await page.getByTestId("personal-key").textContent())!;
    await confirmSecretStored(page);
    const keyRefused = await notes(request, otherKey);
    expect(keyRefused.status()).toBe(401);
    expect(await keyRefused.json()).toEqual({ error: "invalid_token", error_description: notActive });
    await page.getByRole("button", { name: "Revoke key profile only" }).click();
    await page.getByRole("button", { name: "Yes, revoke" }).click();
    // One revocation at a time: the first one's dialog is gone before the second opens.
    await expect(page.getByTestId("personal-key-row")).toHaveCount(1);
    await page.getByRole("button", { name: "Revoke key my script" }).click();
    await page.getByRole("button", { name: "Yes, revoke" }).click();
    await expect(page.getByTestId("personal-key-row")).toHaveCount(0);
    const revokedKey = await notes(request, key, "POST");
    expect(revokedKey.status()).toBe(401);
    expect(revokedKey.headers()["www-authenticate"]).toBe(`Bearer resource_metadata="${NOTES_METADATA}", error="invalid_token", error_description="${notActive}"`);

    // Every operator action is in the activity log.
    await open(op, "/operator");
    const activity = op.getByTestId("activity-row").filter({ hasText: operator.email });
    await expect(activity.filter({ hasText: "scope.approve" })).toHaveCount(1);
    await expect(activity.filter({ hasText: "api.register" })).toHaveCount(1);
    await expect(activity.filter({ hasText: "operator.add" })).toHaveCount(1);
    await operatorContext.close();
  } finally {
    notesApi?.kill();
  }
});

test("after deleting an API the console says what it deleted from its own records; text in the link is never shown", async ({ page }) => {
  const operator = newAccount("Dora Deleter");
  await signUp(page, operator);
  makeOperator(operator.email);
  const identifier = `https://doomed-${randomBytes(4).toString("hex")}.example`;
  await open(page, "/operator/apis/new");
  await page.getByLabel("Name").fill("Doomed API");
  await page.getByLabel("Identifier").fill(identifier);
  await page.getByRole("button", { name: "Register API" }).click();
  await page.waitForURL(/\/operator\/apis\/[a-z0-9]+\?registered=1$/);
  await interactive(page);
  await confirmSecretStored(page);

  await page.getByLabel(/to confirm/).fill(identifier);
  await page.getByRole("button", { name: "Delete API" }).click();
  await page.waitForURL(/\/operator\?deleted=[a-z0-9]+$/);
  // Stored normalised (RFC 8707): with the path "/" a bare host has; typed without it, it still confirms.
  await expect(page.getByText(`The API ${identifier}/ was deleted (Doomed API; 0 users affected, 0 live authorizations ended, 0 kept their other scopes).`)).toBeVisible();

  await open(page, `/operator?deleted=${encodeURIComponent("Re-enter your password at https://evil.example")}`);
  await expect(page.getByRole("heading", { name: "Operator", level: 1 })).toBeVisible();
  await expect(page.locator("main")).not.toContainText("Re-enter");
  await expect(page.getByText(/was deleted/)).toHaveCount(0);
});
