import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPersonalKey, revokePersonalKey } from "@/lib/account/personal-keys";
import { createApplication, deleteApplication, NotFoundError, revokeClientSecret, updateApplication } from "@/lib/apps/applications";
import { requestRestrictedScope } from "@/lib/apps/restricted-scopes";
import { signUp } from "@/lib/auth/accounts";
import { changePassword, deleteAccount, updateProfile } from "@/lib/auth/account-settings";
import { db } from "@/lib/db/client";
import { DEFAULT_SCOPES } from "@/lib/oauth/scopes";
import { createTestApplication, createTestUser } from "@/lib/testing/fixtures";

/**
 * The dashboard's and account page's server actions, fed what a hostile form post can carry
 * (FormData values: strings of any content, missing fields, repeated fields, files' names):
 * every answer is a form result (or NotFound), never an exception, and a refused one changes
 * nothing stored.
 */
const RUNS = 150;

const value = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom("\u0000", "a\u0000b", "\u202eevil", "https://a.example/cb", "http://evil.example/cb", "javascript:alert(1)", "confidential", "public", "email", "x".repeat(5000), "", "   "),
);
const field = fc.oneof(value, fc.array(value, { maxLength: 4 }));
const input = (names: string[]) => fc.record(Object.fromEntries(names.map((n) => [n, field])), { requiredKeys: [] });

async function counts() {
  const d = db();
  return [await d.user.count(), await d.application.count(), await d.clientSecret.count(), await d.redirectUri.count(), await d.personalKey.count(), await d.scopeApproval.count()];
}

/** Runs an action on generated input: a result, NotFound, or a failing test. A refusal must leave the database as it was. */
async function hostile<T>(arbitrary: fc.Arbitrary<T>, action: (input: T) => Promise<unknown>) {
  let tried = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (generated) => {
      tried++;
      const before = await counts();
      let result: unknown;
      try {
        result = await action(generated);
      } catch (error) {
        if (error instanceof NotFoundError) return;
        throw error;
      }
      const refused = typeof result === "object" && result !== null && (result as { ok?: unknown }).ok === false;
      if (refused) expect(await counts()).toEqual(before);
    }),
    { numRuns: RUNS },
  );
  return tried;
}

describe("hostile input at the dashboard's and account page's actions", () => {
  it("application forms, secrets and deletion", async () => {
    const owner = await createTestUser();
    const app = await createApplication(owner.id, { name: "Target", clientType: "confidential", redirectUris: ["https://target.example/cb"] });
    if (!app.ok) throw new Error("no app");
    const names = ["name", "description", "homepageUrl", "privacyPolicyUrl", "termsUrl", "clientType", "redirectUris"];
    let tried = await hostile(input(names), (i) => createApplication(owner.id, i));
    tried += await hostile(fc.tuple(fc.oneof(fc.constant(app.id), value), input(names)), ([id, i]) => updateApplication(owner.id, id, i));
    tried += await hostile(fc.tuple(fc.oneof(fc.constant(app.id), value), value), ([id, confirm]) => deleteApplication(owner.id, id, confirm === "Target" ? "no" : confirm));
    tried += await hostile(fc.tuple(value, value), ([id, secretId]) => revokeClientSecret(owner.id, id, secretId));
    tried += await hostile(fc.tuple(value, input(["scope", "reason"])), ([id, i]) => requestRestrictedScope(owner.id, id ?? app.id, i));
    console.log(`hostile input: application actions answered ${tried} generated forms`);
    expect(await db().application.count({ where: { id: app.id } })).toBe(1);
  }, 120_000);

  it("account forms: sign-up, profile, password, deletion, personal keys", async () => {
    const user = await createTestUser();
    await createTestApplication();
    let tried = await hostile(input(["email", "name", "password"]), (i) => signUp(i));
    tried += await hostile(input(["name", "username"]), (i) => updateProfile(user.id, i));
    tried += await hostile(input(["currentPassword", "newPassword"]), (i) => changePassword(user.id, i));
    tried += await hostile(input(["password"]), (i) => deleteAccount(user.id, i));
    tried += await hostile(input(["name", "scopes", "expiry"]), (i) => createPersonalKey(user.id, i, DEFAULT_SCOPES));
    tried += await hostile(value, (id) => revokePersonalKey(user.id, id));
    console.log(`hostile input: account actions answered ${tried} generated forms`);
    expect(await db().user.count({ where: { id: user.id } })).toBe(1);
  }, 120_000);
});
