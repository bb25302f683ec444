import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createApplication, getApplication } from "@/lib/apps/applications";
import { freshQuickStartPkce, quickStartVerifier, testCallbackUrl } from "@/lib/apps/quick-start";
import { addTestCallback, OWN_VERIFIER, testCallbackView } from "@/lib/apps/test-callback";
import { db } from "@/lib/testing/prisma";
import { ERROR_CATALOGUE } from "@/lib/oauth/errors";
import { digest } from "@/lib/oauth/secrets";
import { createTestUser } from "@/lib/testing/fixtures";

const ISSUER = "http://localhost:3000";
const SECRET = "k".repeat(40);
const NOW = new Date();

async function givenAnAppWithACode(redirectUris = ["https://acme.example/cb"], clientType = "confidential") {
  const owner = await createTestUser("Owner");
  const created = await createApplication(owner.id, { name: "Acme", clientType, redirectUris });
  if (!created.ok) throw new Error(JSON.stringify(created));
  const user = await createTestUser("User");
  const grant = await db().grant.create({ data: { userId: user.id, applicationId: created.id, scope: "user.read" } });
  const code = `code-${Math.random().toString(36).slice(2)}`;
  const row = await db().authorizationCode.create({
    data: {
      digest: digest(code),
      applicationId: created.id,
      userId: user.id,
      grantId: grant.id,
      redirectUri: testCallbackUrl(ISSUER),
      redirectUriSent: true,
      scope: "user.read",
      expiresAt: new Date(NOW.getTime() + 60_000),
    },
  });
  return { owner, user, appId: created.id, code, row };
}

const server = { issuer: ISSUER, secret: SECRET, now: NOW };

describe("addTestCallback", () => {
  it("registers the test callback in the next free slot once, and refuses when all three are taken", async () => {
    const { owner, appId } = await givenAnAppWithACode(["https://acme.example/cb"]);
    expect(await addTestCallback(owner.id, appId, ISSUER)).toEqual({ ok: true, slot: 2 });
    expect(await addTestCallback(owner.id, appId, ISSUER)).toEqual({ ok: true, slot: 2 });
    expect((await getApplication(owner.id, appId)).redirectUris).toEqual(["https://acme.example/cb", "http://localhost:3000/dashboard/test-callback"]);

    const full = await givenAnAppWithACode(["https://a.example/cb", "https://b.example/cb", "https://c.example/cb"]);
    const refused = await addTestCallback(full.owner.id, full.appId, ISSUER);
    expect(refused).toEqual({ ok: false, error: expect.stringContaining("All 3 redirect URI slots are in use") });
    expect((await getApplication(full.owner.id, full.appId)).redirectUris).toHaveLength(3);
  });

  it("refuses a server address that no redirect URI may have, and another developer's app", async () => {
    const { owner, appId } = await givenAnAppWithACode();
    expect(await addTestCallback(owner.id, appId, "http://gatehouse.example")).toEqual({ ok: false, error: expect.stringContaining("http is only allowed") });
    const stranger = await createTestUser("Stranger");
    await expect(addTestCallback(stranger.id, appId, ISSUER)).rejects.toThrow("application not found");
    expect((await getApplication(owner.id, appId)).redirectUris).toEqual(["https://acme.example/cb"]);
  });
});

describe("testCallbackView", () => {
  it("shows the owner the code and a token request that runs as pasted, with the verifier of the quick start's state", async () => {
    const { owner, appId, code } = await givenAnAppWithACode();
    await addTestCallback(owner.id, appId, ISSUER);
    const pkce = freshQuickStartPkce(appId, SECRET);
    const view = await testCallbackView(owner.id, { code, state: pkce.state, iss: ISSUER }, server);
    expect(view).toMatchObject({ kind: "code", code, state: "quick_start", issuerMatches: true, slot: 2, app: { id: appId, name: "Acme" } });
    if (view.kind !== "code") throw new Error("unreachable");
    const words = execFileSync("sh", ["-c", view.tokenCurl.replace(/^curl /, "printf '%s\\n' ")], { env: { ...process.env, CLIENT_SECRET: "gsec_x" } })
      .toString()
      .trimEnd()
      .split("\n");
    const clientId = (await getApplication(owner.id, appId)).clientId;
    expect(words).toEqual([
      "-X",
      "POST",
      `${ISSUER}/oauth/token`,
      "-u",
      `${clientId}:gsec_x`,
      "-d",
      "grant_type=authorization_code",
      "--data-urlencode",
      `code=${code}`,
      "--data-urlencode",
      `redirect_uri=${ISSUER}/dashboard/test-callback`,
      "--data-urlencode",
      `code_verifier=${pkce.verifier}`,
    ]);
  });

  it("never shows a code to anyone but the app's owner, not even the user who approved it", async () => {
    const { user, code } = await givenAnAppWithACode();
    expect(await testCallbackView(user.id, { code }, server)).toEqual({ kind: "not_owner" });
  });

  it("says when the code is used, expired or unknown, and reports errors and a foreign iss to anyone", async () => {
    const { owner, code, row } = await givenAnAppWithACode();
    expect(await testCallbackView(owner.id, { code: "nope" }, server)).toEqual({ kind: "code_unusable" });
    expect(await testCallbackView(owner.id, { code }, { ...server, now: new Date(NOW.getTime() + 60_000) })).toEqual({ kind: "code_unusable" });
    await db().authorizationCode.update({ where: { id: row.id }, data: { usedAt: NOW } });
    expect(await testCallbackView(owner.id, { code }, server)).toEqual({ kind: "code_unusable" });
    expect(await testCallbackView(owner.id, {}, server)).toEqual({ kind: "empty" });
    const stranger = await createTestUser("Stranger");
    expect(await testCallbackView(stranger.id, { error: "access_denied", state: "s1", iss: "https://evil.example" }, server)).toEqual({
      kind: "error",
      error: "access_denied",
      description: ERROR_CATALOGUE.access_denied.meaning,
      app: null,
      state: "other",
      issuerMatches: false,
    });
  });
});

describe("what the test callback shows of its query string", () => {
  const PHISHING = "Your session expired. Re-enter your password at https://gatehouse-login.example";

  it("shows a received description only with a quick-start state of an app the viewer owns", async () => {
    const { owner, appId } = await givenAnAppWithACode();
    const { state } = freshQuickStartPkce(appId, SECRET);
    const query = { error: "invalid_scope", error_description: "scope notes.write is not offered by this server", state };
    expect(await testCallbackView(owner.id, query, server)).toMatchObject({
      kind: "error",
      error: "invalid_scope",
      description: "scope notes.write is not offered by this server",
      app: { id: appId, name: "Acme" },
      state: "quick_start",
    });
    // Anyone else sent the same link, a state the server did not make, or none: Gatehouse's own words.
    const gatehouseWords = { kind: "error", error: "invalid_scope", description: ERROR_CATALOGUE.invalid_scope.meaning, app: null };
    const stranger = await createTestUser("Stranger");
    expect(await testCallbackView(stranger.id, { ...query, error_description: PHISHING }, server)).toMatchObject({ ...gatehouseWords, state: "other" });
    const forged = `${appId}.${"a".repeat(22)}.${"b".repeat(43)}`;
    expect(await testCallbackView(owner.id, { ...query, error_description: PHISHING, state: forged }, server)).toMatchObject({ ...gatehouseWords, state: "other" });
    expect(await testCallbackView(owner.id, { ...query, error_description: PHISHING, state: freshQuickStartPkce(appId, "t".repeat(40)).state }, server)).toMatchObject(gatehouseWords);
    expect(await testCallbackView(owner.id, { error: "invalid_scope", error_description: PHISHING }, server)).toMatchObject({ ...gatehouseWords, state: null });
    // A description Gatehouse could not have sent (RFC 6749 §4.1.2.1's characters) is not shown even then.
    expect(await testCallbackView(owner.id, { ...query, error_description: "“quoted” ünïcode" }, server)).toMatchObject({ description: ERROR_CATALOGUE.invalid_scope.meaning });
  });

  it("never shows an error code Gatehouse does not send, nor its description", async () => {
    const { owner, appId } = await givenAnAppWithACode();
    const { state } = freshQuickStartPkce(appId, SECRET);
    for (const error of [PHISHING, "temporarily_unavailable", "invalid_grant", "x".repeat(1000)]) {
      const view = await testCallbackView(owner.id, { error, error_description: PHISHING, state }, server);
      expect(view).toMatchObject({ kind: "error", error: null, description: expect.stringContaining("Gatehouse does not send this error") });
      expect(JSON.stringify(view)).not.toContain("Re-enter");
    }
  });

  it("prints the quick start's verifier only for a state made for the code's own app", async () => {
    const { owner, appId, code } = await givenAnAppWithACode();
    const otherApp = await createApplication(owner.id, { name: "Other", clientType: "confidential", redirectUris: ["https://other.example/cb"] });
    if (!otherApp.ok) throw new Error("unreachable");
    for (const state of ["my-own-state", freshQuickStartPkce(otherApp.id, SECRET).state]) {
      const view = await testCallbackView(owner.id, { code, state }, server);
      expect(view).toMatchObject({ kind: "code", state: "other" });
      if (view.kind !== "code") throw new Error("unreachable");
      expect(view.tokenCurl).toContain(`code_verifier=${OWN_VERIFIER}`);
      expect(view.tokenCurl).not.toContain(quickStartVerifier(state, SECRET));
      expect(JSON.stringify(view)).not.toContain(state);
    }
    const pkce = freshQuickStartPkce(appId, SECRET);
    const view = await testCallbackView(owner.id, { code, state: pkce.state }, server);
    expect(view.kind === "code" && view.tokenCurl).toContain(`code_verifier=${pkce.verifier}`);
  });
});
