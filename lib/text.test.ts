import { describe, expect, it } from "vitest";
import { applicationFieldsSchema } from "@/lib/apps/schemas";
import { displayNameSchema } from "@/lib/auth/schemas";
import { loadScopeCatalogue } from "@/lib/oauth/scopes";
import { apiFieldsSchema, apiScopeSchema } from "@/lib/operator/schemas";
import { claimsProductName, findLookAlike, hasInvisibleCharacters, neutralize, skeleton } from "@/lib/text";

const INVISIBLE = [
  ["Acme\u202eLRC", "a direction override"],
  ["Ac\u200bme", "a zero-width space"],
  ["\u2066Acme\u2069", "a bidi isolate"],
  ["A\ufeffcme", "a zero-width no-break space"],
  ["Ac\u061cme", "the Arabic letter mark"],
  ["Gate\u3164house", "the Hangul filler (a letter)"],
  ["Gate\uffa0house", "the halfwidth Hangul filler (a letter)"],
  ["\u115fAcme", "the Hangul choseong filler (a letter)"],
  ["Ac\u034fme", "the combining grapheme joiner (a mark)"],
  ["Acme\ufe0f", "a variation selector (a mark)"],
  ["Ac\u180eme", "the Mongolian vowel separator"],
] as const;

describe("text people type and others read", () => {
  it.each(INVISIBLE)("refuses invisible characters in app and display names: %j (%s)", (name) => {
    expect(hasInvisibleCharacters(name)).toBe(true);
    expect(applicationFieldsSchema.safeParse({ name }).error?.issues[0]?.message).toMatch(/invisible characters/);
    expect(displayNameSchema.safeParse(name).error?.issues[0]?.message).toMatch(/invisible characters/);
  });

  it.each(INVISIBLE)("refuses invisible characters in descriptions, API names and scope descriptions: %j (%s)", (text) => {
    expect(applicationFieldsSchema.safeParse({ name: "Acme", description: `Syncs ${text}` }).error?.issues[0]?.message).toMatch(/^The description cannot contain invisible characters/);
    expect(apiFieldsSchema.safeParse({ name: text, identifier: "https://api.example.com" }).error?.issues[0]?.message).toMatch(/^The name cannot contain invisible characters/);
    expect(apiScopeSchema.safeParse({ name: "notes.read", description: `Read ${text}` }).error?.issues[0]?.message).toMatch(/^The description cannot contain invisible characters/);
    const file = JSON.stringify([{ name: "notes.read", description: `Read ${text}` }]);
    expect(() => loadScopeCatalogue("scopes.json", () => file)).toThrow(/\[0\.description\] the description cannot contain invisible characters/);
  });

  it.each([
    ["by Gatehouse Security"],
    ["GATEHOUSE"],
    ["Gate House"],
    ["Ｇａｔｅｈｏｕｓｅ Support"],
    ["G.a.t.e.h.o.u.s.e"],
    ["G\u0430tehouse Security"], // Cyrillic а
    ["GATE\u0397OUSE"], // Greek capital eta
    ["Gateh0use"],
    ["Gâtehouse"],
    ["Gate\u3164house"],
  ])("reserves the product's name and its look-alikes: %j", (name) => {
    expect(claimsProductName(name)).toBe(true);
    expect(displayNameSchema.safeParse(name).success).toBe(false);
    expect(applicationFieldsSchema.safeParse({ name }).success).toBe(false);
  });

  it("names the reserved name as the reason when nothing is invisible", () => {
    expect(applicationFieldsSchema.safeParse({ name: "G\u0430tehouse Security" }).error?.issues[0]?.message).toMatch(/reserved for this service/);
    expect(displayNameSchema.safeParse("G\u0430tehouse Security Team").error?.issues[0]?.message).toMatch(/reserved for this service/);
  });

  it("computes UTS #39 skeletons: NFD, prototypes from confusables.txt, NFD", () => {
    expect(skeleton("p\u0430yp\u0430l")).toBe("paypal");
    expect(skeleton("m")).toBe(skeleton("rn"));
    expect(skeleton("0")).toBe(skeleton("O"));
    expect(skeleton("\u00e9")).toBe("e\u0301");
    expect(skeleton("Ac\u00adme")).toBe(skeleton("Acme"));
    expect(skeleton("Acme")).not.toBe(skeleton("acme"));
  });

  it("finds a name people could not tell apart: same skeleton, whatever the case and the runs of spaces", () => {
    const names = ["Notes API", "Acme CRM"];
    expect(findLookAlike("\u0391cme CRM", names)).toBe("Acme CRM"); // Greek capital alpha
    expect(findLookAlike("ACME  crm", names)).toBe("Acme CRM");
    expect(findLookAlike("Notes AP\u0399", names)).toBe("Notes API"); // Greek capital iota
    expect(findLookAlike("Notes APl", names)).toBe("Notes API");
    expect(findLookAlike("notes api", names)).toBe("Notes API"); // I is like l, i is not: case first
    expect(findLookAlike("N\u039fTES API", names)).toBe("Notes API"); // Greek capital omicron
    expect(findLookAlike("Acme CRM 2", names)).toBeNull();
    expect(findLookAlike("Acme-CRM", names)).toBeNull();
    expect(findLookAlike("Acmé CRM", names)).toBeNull();
  });

  it("stores the NFKC form, and lets ordinary names through", () => {
    expect(applicationFieldsSchema.parse({ name: "Ａｃｍｅ CRM", description: "ﬁne" })).toMatchObject({ name: "Acme CRM", description: "fine" });
    expect(displayNameSchema.parse("Zoë Ångström")).toBe("Zoë Ångström");
    expect(displayNameSchema.parse("José 李")).toBe("José 李");
    expect(claimsProductName("Gated Housing")).toBe(false);
    expect(claimsProductName("Gatekeeper House")).toBe(false);
  });

  it("neutralizes values stored before the rules when they are shown", () => {
    expect(neutralize("Acme\u202eLRC")).toBe("AcmeLRC");
    expect(neutralize("Gate\u3164house")).toBe("Gatehouse");
    expect(neutralize("Ａｃｍｅ")).toBe("Acme");
  });
});
