import { describe, expect, it } from "vitest";
import { listAuthorizedApps, revokeAuthorization } from "@/lib/account/authorized-apps";
import { authenticate, signUp } from "@/lib/auth/accounts";
import { changePassword, deleteAccount, updateProfile } from "@/lib/auth/account-settings";
import { db } from "@/lib/testing/prisma";
import { loadScopeCatalogue } from "@/lib/oauth/scopes";
import { createTestApplication, createTestGrant, createTestUser } from "@/lib/testing/fixtures";

async function givenAccount(email = `a${Math.random().toString(36).slice(2)}@example.com`) {
  const result = await signUp({ email, name: "Ada", password: "old-password" });
  if (!result.ok) throw new Error("sign-up failed");
  return result.user;
}

describe("updateProfile", () => {
  it("changes name and username", async () => {
    const user = await givenAccount();
    expect(await updateProfile(user.id, { name: " Ada L. ", username: "Ada-L" })).toEqual({ ok: true });
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ name: "Ada L.", username: "ada-l" });
  });

  it("refuses a taken username and bad input, changing nothing", async () => {
    const user = await givenAccount();
    const other = await givenAccount();
    expect(await updateProfile(user.id, { name: "Ada", username: other.username })).toEqual({ ok: false, fieldErrors: { username: expect.stringMatching(/taken/) } });
    expect(await updateProfile(user.id, { name: "", username: "x" })).toMatchObject({ ok: false, fieldErrors: { name: expect.any(String), username: expect.any(String) } });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).username).toBe(user.username);
  });
});

describe("changePassword", () => {
  it("needs the current password, then bumps the session version", async () => {
    const user = await givenAccount();
    expect(await changePassword(user.id, { currentPassword: "wrong", newPassword: "new-password" })).toEqual({
      ok: false,
      fieldErrors: { currentPassword: "The current password is incorrect" },
    });
    expect(await changePassword(user.id, { currentPassword: "old-password", newPassword: "short" })).toMatchObject({ ok: false, fieldErrors: { newPassword: expect.any(String) } });
    expect(await changePassword(user.id, { currentPassword: "old-password", newPassword: "new-password" })).toEqual({ ok: true, sessionVersion: 1 });
    expect(await authenticate({ email: user.email, password: "old-password" })).toBeNull();
    expect(await authenticate({ email: user.email, password: "new-password" })).not.toBeNull();
  });

  it("keeps the user's OAuth grants", async () => {
    const user = await givenAccount();
    const client = await createTestApplication();
    await createTestGrant(user.id, client.id);
    await changePassword(user.id, { currentPassword: "old-password", newPassword: "new-password" });
    expect(await db().grant.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe("deleteAccount", () => {
  it("needs the password, then removes the user, their apps and their grants", async () => {
    const user = await givenAccount();
    const app = await db().application.create({ data: { clientId: `c${Math.random()}`, ownerId: user.id, name: "Mine", clientType: "public" } });
    const client = await createTestApplication();
    await createTestGrant(user.id, client.id);
    expect(await deleteAccount(user.id, { password: "wrong" })).toEqual({ ok: false, fieldErrors: { password: "The password is incorrect" } });
    expect(await db().user.count({ where: { id: user.id } })).toBe(1);
    expect(await deleteAccount(user.id, { password: "old-password" })).toEqual({ ok: true });
    expect(await db().user.count({ where: { id: user.id } })).toBe(0);
    expect(await db().application.count({ where: { id: app.id } })).toBe(0);
    expect(await db().grant.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().application.count({ where: { id: client.id } })).toBe(1);
  });
});

describe("authorized apps", () => {
  it("lists the user's grants with scopes in words and revokes one with its tokens", async () => {
    const user = await createTestUser();
    const client = await createTestApplication();
    const grant = await createTestGrant(user.id, client.id);
    const apps = await listAuthorizedApps(user.id, loadScopeCatalogue(undefined));
    expect(apps).toEqual([
      expect.objectContaining({ grantId: grant.id, appName: "Client App", ownerName: "Owner", scopes: [{ name: "user.read", description: expect.stringMatching(/Know which Gatehouse account/), personalData: false }] }),
    ]);
    const intruder = await createTestUser();
    expect(await revokeAuthorization(intruder.id, grant.id)).toBe(false);
    expect(await revokeAuthorization(user.id, "not-an-id")).toBe(false);
    expect(await revokeAuthorization(user.id, grant.id)).toBe(true);
    expect(await db().tokenFamily.count({ where: { grantId: grant.id } })).toBe(0);
    expect(await db().accessToken.count({ where: { family: { userId: user.id } } })).toBe(0);
    // The app is told why its refresh token stopped working, until the token would have expired.
    expect(await db().endedRefreshToken.findMany({ where: { applicationId: client.id } })).toEqual([expect.objectContaining({ reason: "user_revoked" })]);
    expect(await listAuthorizedApps(user.id, [])).toEqual([]);
  });
});
