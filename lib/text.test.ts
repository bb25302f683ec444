import { describe, expect, it } from "vitest";
import { applicationFieldsSchema } from "@/lib/apps/schemas";
import { displayNameSchema } from "@/lib/auth/schemas";
import { claimsProductName, hasFormatCharacters, neutralize } from "@/lib/text";

describe("text people type and others read", () => {
  it.each([["Acme\u202eLRC"], ["Ac\u200bme"], ["\u2066Acme\u2069"], ["A\ufeffcme"]])("refuses format characters in app and display names: %j", (name) => {
    expect(hasFormatCharacters(name)).toBe(true);
    expect(applicationFieldsSchema.safeParse({ name }).error?.issues[0]?.message).toMatch(/invisible formatting characters/);
    expect(displayNameSchema.safeParse(name).error?.issues[0]?.message).toMatch(/invisible formatting characters/);
  });

  it.each([["by Gatehouse Security"], ["GATEHOUSE"], ["Gate House"], ["Ｇａｔｅｈｏｕｓｅ Support"], ["G.a.t.e.h.o.u.s.e"]])("reserves the product's name: %j", (name) => {
    expect(claimsProductName(name)).toBe(true);
    expect(applicationFieldsSchema.safeParse({ name }).error?.issues[0]?.message).toMatch(/reserved for this service/);
    expect(displayNameSchema.safeParse(name).success).toBe(false);
  });

  it("stores the NFKC form, and lets ordinary names through", () => {
    expect(applicationFieldsSchema.parse({ name: "Ａｃｍｅ CRM", description: "ﬁne" })).toMatchObject({ name: "Acme CRM", description: "fine" });
    expect(displayNameSchema.parse("Zoë Ångström")).toBe("Zoë Ångström");
    expect(claimsProductName("Gated Housing")).toBe(false);
  });

  it("neutralizes values stored before the rules when they are shown", () => {
    expect(neutralize("Acme\u202eLRC")).toBe("AcmeLRC");
    expect(neutralize("Ａｃｍｅ")).toBe("Acme");
  });
});
