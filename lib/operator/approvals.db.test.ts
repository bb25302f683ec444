import { beforeEach, describe, expect, it } from "vitest";
import { requestRestrictedScope, restrictedScopesOf } from "@/lib/apps/restricted-scopes";
import { db } from "@/lib/testing/prisma";
import { databaseStorage } from "@/lib/db/storage";
import { addApiScope, registerApi, setScopeRestricted, getApi } from "@/lib/operator/apis";
import { decideRequest, pendingRequests, revokeRequestApproval } from "@/lib/operator/approvals";
import { resetScopeCatalogue } from "@/lib/scope-catalogue";
import { createTestApplication, createTestOperator, createTestUser } from "@/lib/testing/fixtures";

beforeEach(() => resetScopeCatalogue());

const tag = () => Math.random().toString(36).slice(2, 8);

/** An API with a restricted scope, and a developer's app (the developer is not an operator). */
async function given() {
  const operator = await createTestOperator();
  const api = await registerApi(operator, { name: "Notes", identifier: `https://notes-${tag()}.example` });
  if (!api.ok) throw new Error("no api");
  const scope = `notes.admin${tag()}`;
  expect(await addApiScope(operator, api.id, { name: scope, description: "Manage all notes", restricted: "on" })).toEqual({ ok: true });
  const app = await createTestApplication();
  const ownerId = (await db().application.findUniqueOrThrow({ where: { id: app.id } })).ownerId;
  return { operator, api, scope, app, ownerId };
}

const REASON = "Our support team needs to manage notes for customers.";

describe("restricted scopes: request, decision, revocation", () => {
  it("a developer requests with a reason, an operator approves with a note, and the app's client lists it as approved", async () => {
    const { operator, scope, app, ownerId } = await given();
    expect((await restrictedScopesOf(ownerId, app.id)).find((s) => s.name === scope)).toMatchObject({ status: "none" });
    expect(await requestRestrictedScope(ownerId, app.id, { scope, reason: "short" })).toMatchObject({ ok: false, fieldErrors: { reason: expect.stringMatching(/at least 10/) } });
    expect(await requestRestrictedScope(ownerId, app.id, { scope: "email", reason: REASON })).toMatchObject({ ok: false, fieldErrors: { form: /not a restricted scope/ } });
    expect(await requestRestrictedScope(ownerId, app.id, { scope, reason: REASON })).toEqual({ ok: true });
    expect(await requestRestrictedScope(ownerId, app.id, { scope, reason: REASON })).toMatchObject({ ok: false, fieldErrors: { form: /waiting for an operator/ } });

    const request = (await pendingRequests()).find((r) => r.scope === scope)!;
    expect(request).toMatchObject({ reason: REASON, application: { name: "Client App" } });
    expect(await decideRequest(operator, request.id, "approve", "Fine for support")).toEqual({ ok: true });
    expect(await decideRequest(operator, request.id, "deny", "")).toEqual({ ok: false, error: expect.stringMatching(/already decided/) });
    expect((await restrictedScopesOf(ownerId, app.id)).find((s) => s.name === scope)).toMatchObject({ status: "approved", note: "Fine for support" });
    expect((await databaseStorage().clients.findClientByApplicationId(app.id))!.approvedScopes).toEqual([scope]);
  });

  it("an operator cannot decide on a request for an app they own", async () => {
    const { scope, app, ownerId } = await given();
    await db().user.update({ where: { id: ownerId }, data: { role: "operator" } });
    const owner = await db().user.findUniqueOrThrow({ where: { id: ownerId } });
    await requestRestrictedScope(ownerId, app.id, { scope, reason: REASON });
    const request = (await pendingRequests()).find((r) => r.scope === scope)!;
    const asOwner = { id: owner.id, email: owner.email, name: owner.name, username: owner.username, isOperator: true, signedInAt: new Date() };
    expect(await decideRequest(asOwner, request.id, "approve", "")).toEqual({ ok: false, error: expect.stringMatching(/You own Client App: another operator must approve/) });
    expect((await pendingRequests()).some((r) => r.id === request.id)).toBe(true);
  });

  it("a denied request may be made again; the developer sees the note", async () => {
    const { operator, scope, app, ownerId } = await given();
    await requestRestrictedScope(ownerId, app.id, { scope, reason: REASON });
    const request = (await pendingRequests()).find((r) => r.scope === scope)!;
    expect(await decideRequest(operator, request.id, "deny", "Tell us which team")).toEqual({ ok: true });
    expect((await restrictedScopesOf(ownerId, app.id)).find((s) => s.name === scope)).toMatchObject({ status: "denied", note: "Tell us which team" });
    expect(await requestRestrictedScope(ownerId, app.id, { scope, reason: `${REASON} The support team.` })).toEqual({ ok: true });
  });

  it("revoking an approval removes the scope from grants, open requests and unused codes, and ends the app's live authorizations that carry it", async () => {
    const { operator, scope, app, ownerId } = await given();
    await requestRestrictedScope(ownerId, app.id, { scope, reason: REASON });
    const request = (await pendingRequests()).find((r) => r.scope === scope)!;
    await decideRequest(operator, request.id, "approve", "");
    const user = await createTestUser();
    const withScope = `${scope} email user.read`.split(" ").sort().join(" ");
    const grant = await db().grant.create({ data: { userId: user.id, applicationId: app.id, scope: withScope } });
    const family = await db().tokenFamily.create({ data: { applicationId: app.id, userId: user.id, grantId: grant.id, scope: withScope, absoluteExpiresAt: new Date(Date.now() + 86400_000) } });
    const other = await db().tokenFamily.create({ data: { applicationId: app.id, userId: user.id, grantId: grant.id, scope: "email user.read", absoluteExpiresAt: new Date(Date.now() + 86400_000) } });
    // Issued before the revocation, exchanged after it: the code must not bring the scope back.
    const shown = { applicationId: app.id, userId: user.id, redirectUri: "https://client.example/cb", redirectUriSent: true, scope: withScope, expiresAt: new Date(Date.now() + 300_000) };
    const code = await db().authorizationCode.create({ data: { ...shown, digest: `code-${scope}`, grantId: grant.id } });
    const open = await db().pendingAuthorization.create({ data: { ...shown, digest: `consent-${scope}` } });

    expect(await revokeRequestApproval(operator, request.id, "No longer needed")).toEqual({ ok: true, usersAffected: 1 });
    expect((await db().grant.findUniqueOrThrow({ where: { id: grant.id } })).scope).toBe("email user.read");
    expect((await db().tokenFamily.findUniqueOrThrow({ where: { id: family.id } })).revokedAt).not.toBeNull();
    expect((await db().tokenFamily.findUniqueOrThrow({ where: { id: other.id } })).revokedAt).toBeNull();
    expect((await db().authorizationCode.findUniqueOrThrow({ where: { id: code.id } })).scope).toBe("email user.read");
    expect((await db().pendingAuthorization.findUniqueOrThrow({ where: { id: open.id } })).scope).toBe("email user.read");
    expect((await databaseStorage().clients.findClientByApplicationId(app.id))!.approvedScopes).toEqual([]);
    expect((await restrictedScopesOf(ownerId, app.id)).find((s) => s.name === scope)).toMatchObject({ status: "revoked", note: "No longer needed" });
  });

  it("a scope marked restricted later shows as not yet approved for every app", async () => {
    const { operator, api, app, ownerId } = await given();
    const open = `notes.read${tag()}`;
    await addApiScope(operator, api.id, { name: open, description: "Read notes" });
    expect((await restrictedScopesOf(ownerId, app.id)).some((s) => s.name === open)).toBe(false);
    const scopeId = (await getApi(api.id)).scopes.find((s) => s.name === open)!.id;
    await setScopeRestricted(operator, api.id, scopeId, true);
    expect((await restrictedScopesOf(ownerId, app.id)).find((s) => s.name === open)).toMatchObject({ status: "none" });
  });
});
