import { describe, expect, it } from "vitest";
import { authenticate, signUp } from "@/lib/auth/accounts";
import { db } from "@/lib/db/client";

const ADA = { email: "Ada@Example.com ", name: "Ada Lovelace", password: "analytical-engine" };

describe("signUp", () => {
  it("creates an account with a trimmed lower-case email, an argon2id hash and a derived username", async () => {
    const result = await signUp(ADA);
    expect(result.ok).toBe(true);
    const row = await db().user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    expect(row).toMatchObject({ name: "Ada Lovelace", username: "ada", sessionVersion: 0 });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(ADA.password);
  });

  it("refuses a second account for the same email in any case, and changes nothing", async () => {
    await signUp({ ...ADA, email: "grace@example.com" });
    const before = await db().user.findMany({ orderBy: { email: "asc" } });
    const result = await signUp({ ...ADA, email: "  GRACE@example.COM", name: "Impostor" });
    expect(result).toEqual({ ok: false, fieldErrors: { email: expect.stringContaining("already exists") } });
    expect(await db().user.findMany({ orderBy: { email: "asc" } })).toEqual(before);
  });

  it("adds a suffix when the derived username is taken", async () => {
    await signUp({ ...ADA, email: "linus@one.example" });
    await signUp({ ...ADA, email: "linus@two.example" });
    await signUp({ ...ADA, email: "Linus+x@three.example" });
    const names = (await db().user.findMany({ where: { email: { contains: "linus" } }, orderBy: { createdAt: "asc" } })).map((u) => u.username);
    expect(names.sort()).toEqual(["linus", "linus-2", "linus-3"]);
  });

  it("returns field errors for bad input and stores nothing", async () => {
    const count = await db().user.count();
    const result = await signUp({ email: "not-an-email", name: "", password: "short" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.fieldErrors).sort()).toEqual(["email", "name", "password"]);
    expect(await signUp(null)).toMatchObject({ ok: false });
    expect(await signUp({ email: ["a@b.c"], name: {}, password: 12345678 })).toMatchObject({ ok: false });
    expect(await db().user.count()).toBe(count);
  });

  it("survives concurrent sign-ups with the same email: exactly one account", async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, () => signUp({ email: "race@example.com", name: "Race", password: "12345678" })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db().user.count({ where: { email: "race@example.com" } })).toBe(1);
  });
});

describe("authenticate", () => {
  it("returns the user for the right email (any case) and password", async () => {
    await signUp({ ...ADA, email: "auth@example.com" });
    const user = await authenticate({ email: "AUTH@example.com", password: ADA.password });
    expect(user?.email).toBe("auth@example.com");
  });

  it("returns null for a wrong password, an unknown email and malformed input", async () => {
    await signUp({ ...ADA, email: "auth2@example.com" });
    expect(await authenticate({ email: "auth2@example.com", password: "wrong-password" })).toBeNull();
    expect(await authenticate({ email: "nobody@example.com", password: ADA.password })).toBeNull();
    expect(await authenticate({ email: "", password: "" })).toBeNull();
    expect(await authenticate(undefined)).toBeNull();
  });
});
