import { describe, expect, it } from "vitest";
import { applicationFieldsSchema, newApplicationSchema, recordIdSchema } from "@/lib/apps/schemas";
import { changePasswordSchema, deleteAccountSchema, profileSchema } from "@/lib/auth/schemas";

const BASE = { name: "Acme", description: "", homepageUrl: "", privacyPolicyUrl: "", termsUrl: "" };

describe("applicationFieldsSchema", () => {
  it("trims, and turns empty optional fields into null", () => {
    expect(applicationFieldsSchema.parse({ ...BASE, name: "  Acme CRM ", description: " Syncs " })).toEqual({
      name: "Acme CRM",
      description: "Syncs",
      homepageUrl: null,
      privacyPolicyUrl: null,
      termsUrl: null,
    });
    expect(applicationFieldsSchema.parse({ name: "Acme", description: null, homepageUrl: null })).toMatchObject({ description: null, homepageUrl: null });
  });

  it.each([
    ["https://acme.example", true],
    ["https://acme.example/privacy?lang=en", true],
    ["http://acme.example", false],
    ["https://localhost", false],
    ["https://user:pw@acme.example", false],
    ["javascript:alert(1)", false],
    ["acme.example", false],
    ["https://acme .example", false],
    [`https://acme.example/${"a".repeat(2050)}`, false],
  ])("homepage %s accepted: %s", (url, ok) => {
    expect(applicationFieldsSchema.safeParse({ ...BASE, homepageUrl: url }).success).toBe(ok);
  });

  it.each([[""], ["   "], ["a".repeat(65)], ["tab\there"], [42]])("rejects the name %j", (name) => {
    expect(applicationFieldsSchema.safeParse({ ...BASE, name }).success).toBe(false);
  });

  it("caps the description at 500 characters", () => {
    expect(applicationFieldsSchema.safeParse({ ...BASE, description: "a".repeat(500) }).success).toBe(true);
    expect(applicationFieldsSchema.safeParse({ ...BASE, description: "a".repeat(501) }).success).toBe(false);
  });
});

describe("newApplicationSchema", () => {
  it.each([["confidential", true], ["public", true], ["server", false], [undefined, false]])("client type %j accepted: %s", (clientType, ok) => {
    expect(newApplicationSchema.safeParse({ ...BASE, clientType }).success).toBe(ok);
  });
});

describe("recordIdSchema", () => {
  it.each([["cmabcdefghijklmnopqrstuvw", true], ["short", false], ["../../etc/passwd", false], ["ABCDEFGHIJKLMNOPQRSTUVWX", false]])("%s: %s", (id, ok) => {
    expect(recordIdSchema.safeParse(id).success).toBe(ok);
  });
});

describe("account schemas", () => {
  it("profile: a name and a valid username", () => {
    expect(profileSchema.parse({ name: " Ada ", username: "Ada-L" })).toEqual({ name: "Ada", username: "ada-l" });
    expect(profileSchema.safeParse({ name: "Ada", username: "a" }).success).toBe(false);
  });

  it("password change: the current one, a valid new one, and not the same", () => {
    expect(changePasswordSchema.safeParse({ currentPassword: "old-password", newPassword: "new-password" }).success).toBe(true);
    expect(changePasswordSchema.safeParse({ currentPassword: "", newPassword: "new-password" }).success).toBe(false);
    expect(changePasswordSchema.safeParse({ currentPassword: "old-password", newPassword: "short" }).success).toBe(false);
    const same = changePasswordSchema.safeParse({ currentPassword: "same-password", newPassword: "same-password" });
    expect(same.error?.issues[0]?.path).toEqual(["newPassword"]);
  });

  it("account deletion: a password", () => {
    expect(deleteAccountSchema.safeParse({ password: "x" }).success).toBe(true);
    expect(deleteAccountSchema.safeParse({ password: "" }).success).toBe(false);
    expect(deleteAccountSchema.safeParse({}).success).toBe(false);
  });
});

describe("control characters in application fields", () => {
  it.each([
    ["description", "line one\u0000"],
    ["homepageUrl", "https://app.example/\u0000"],
    ["name", "Acme\u0007"],
  ])("refuses %s with a field error (PostgreSQL stores no NUL)", async (field, value) => {
    const { applicationFieldsSchema } = await import("@/lib/apps/schemas");
    const parsed = applicationFieldsSchema.safeParse({ name: "Acme", [field]: value });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual([field]);
  });

  it("keeps line breaks in a description", async () => {
    const { applicationFieldsSchema } = await import("@/lib/apps/schemas");
    expect(applicationFieldsSchema.parse({ name: "Acme", description: "one\ntwo" }).description).toBe("one\ntwo");
  });
});
