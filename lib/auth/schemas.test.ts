import { describe, expect, it } from "vitest";
import { displayNameSchema, emailSchema, passwordSchema, signInSchema, signUpSchema, usernameSchema } from "@/lib/auth/schemas";

describe("emailSchema", () => {
  it.each([
    ["ada@example.com", "ada@example.com"],
    ["  Ada@Example.COM  ", "ada@example.com"],
    ["first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk"],
  ])("accepts %j as %j", (input, output) => {
    expect(emailSchema.parse(input)).toBe(output);
  });
  it.each([[""], ["   "], ["ada"], ["ada@"], ["@example.com"], ["ada@example"], ["a b@example.com"], [`${"a".repeat(250)}@example.com`], [42], [null]])(
    "rejects %j",
    (input) => {
      expect(emailSchema.safeParse(input).success).toBe(false);
    },
  );
});

describe("passwordSchema", () => {
  it.each([["gh7-rq2-zzv"], ["a".repeat(127) + "b"], ["pässwörd with spaces"]])("accepts %j", (input) => {
    expect(passwordSchema.safeParse(input).success).toBe(true);
  });
  it.each([[""], ["1234567"], ["a".repeat(129)], [12345678], [undefined]])("rejects %j", (input) => {
    expect(passwordSchema.safeParse(input).success).toBe(false);
  });
  it("does not trim: spaces are part of a password", () => {
    expect(passwordSchema.parse("  spaced  ")).toBe("  spaced  ");
  });
});

describe("displayNameSchema", () => {
  it.each([["Ada Lovelace"], ["  Grace  "], ["李小龍"], ["a".repeat(64)]])("accepts %j", (input) => {
    expect(displayNameSchema.safeParse(input).success).toBe(true);
  });
  it.each([[""], ["   "], ["a".repeat(65)], ["bad\u0000name"], ["line\nbreak"], [undefined]])("rejects %j", (input) => {
    expect(displayNameSchema.safeParse(input).success).toBe(false);
  });
});

describe("usernameSchema", () => {
  it.each([["ada"], ["Ada-Lovelace"], ["a1b"], ["x".repeat(32)]])("accepts %j", (input) => {
    expect(usernameSchema.safeParse(input).success).toBe(true);
  });
  it.each([["ab"], ["x".repeat(33)], ["-ada"], ["ada-"], ["ad--a"], ["ada_l"], ["ada l"], ["ädä"], [""]])("rejects %j", (input) => {
    expect(usernameSchema.safeParse(input).success).toBe(false);
  });
});

describe("signUpSchema", () => {
  it("accepts a complete form and normalizes it", () => {
    expect(signUpSchema.parse({ email: " ADA@example.com", name: " Ada ", password: "gh7-rq2-zzv" })).toEqual({
      email: "ada@example.com",
      name: "Ada",
      password: "gh7-rq2-zzv",
    });
  });
  it("reports every bad field", () => {
    const result = signUpSchema.safeParse({ email: "nope", name: "", password: "short" });
    expect(result.success).toBe(false);
    const fields = result.error?.issues.map((i) => i.path[0]).sort();
    expect(fields).toEqual(["email", "name", "password"]);
  });
});

describe("signInSchema", () => {
  it("accepts any non-empty email and password shape", () => {
    expect(signInSchema.safeParse({ email: "Ada@Example.com ", password: "x" }).data).toEqual({ email: "ada@example.com", password: "x" });
  });
  it.each([[{ email: "", password: "x" }], [{ email: "a@b.c", password: "" }], [{ email: "a@b.c", password: "x".repeat(129) }], [{}]])(
    "rejects %j",
    (input) => {
      expect(signInSchema.safeParse(input).success).toBe(false);
    },
  );
});

describe("new passwords", () => {
  it.each([["12345678"], ["password1"], ["Iloveyou"], ["qwertyuiop"]])("refuses the common password %j", (input) => {
    expect(passwordSchema.safeParse(input).error?.issues[0]?.message).toMatch(/one of the most common ones/);
  });

  it("are stored in their NFKC form", () => {
    expect(passwordSchema.parse("ｐａｓｓ ｗｏｒｄ ９")).toBe("pass word 9");
  });
});
