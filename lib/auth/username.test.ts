import { describe, expect, it } from "vitest";
import { usernameSchema } from "@/lib/auth/schemas";
import { baseUsernameFromEmail, firstFreeUsername } from "@/lib/auth/username";

describe("baseUsernameFromEmail", () => {
  it.each([
    ["ada@example.com", "ada"],
    ["Ada.Lovelace@example.com", "ada-lovelace"],
    ["grace+newsletter@example.com", "grace"],
    ["__x__@example.com", "user-x"],
    ["a@example.com", "user-a"],
    ["..@example.com", "user"],
    ["zoë@example.com", "zoe"],
    ["a-very-long-local-part-that-goes-on-and-on@example.com", "a-very-long-local-part-t"],
  ])("%s -> %s", (email, expected) => {
    const username = baseUsernameFromEmail(email);
    expect(username).toBe(expected);
    expect(usernameSchema.safeParse(username).success).toBe(true);
  });
});

describe("firstFreeUsername", () => {
  it("keeps the base when it is free", () => {
    expect(firstFreeUsername("ada", new Set(["bob"]))).toBe("ada");
  });
  it("adds the smallest free suffix on collision", () => {
    expect(firstFreeUsername("ada", new Set(["ada", "ada-2", "ada-4"]))).toBe("ada-3");
  });
});
