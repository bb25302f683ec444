import argon2 from "argon2";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authenticate, signUp } from "@/lib/auth/accounts";
import { db } from "@/lib/testing/prisma";

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

  it("keeps the username chosen at sign-up, refuses a taken or malformed one next to its field, and derives one when left empty", async () => {
    expect(await signUp({ ...ADA, email: "hopper@example.com", username: " Amazing-Grace " })).toMatchObject({ ok: true });
    expect(await db().user.findUniqueOrThrow({ where: { email: "hopper@example.com" } })).toMatchObject({ username: "amazing-grace" });
    const count = await db().user.count();
    expect(await signUp({ ...ADA, email: "other@example.com", username: "amazing-grace" })).toEqual({
      ok: false,
      fieldErrors: { username: expect.stringContaining("This username is taken") },
    });
    expect(await signUp({ ...ADA, email: "other@example.com", username: "no spaces" })).toMatchObject({ ok: false, fieldErrors: { username: expect.any(String) } });
    expect(await db().user.count()).toBe(count);
    expect(await signUp({ ...ADA, email: "empty.choice@example.com", username: "  " })).toMatchObject({ ok: true });
    expect(await db().user.findUniqueOrThrow({ where: { email: "empty.choice@example.com" } })).toMatchObject({ username: "empty-choice" });
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
      Array.from({ length: 4 }, () => signUp({ email: "race@example.com", name: "Race", password: "gh7-rq2-zzv" })),
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

describe("the work a sign-in does", () => {
  afterEach(() => vi.restoreAllMocks());

  /** How many argon2 verifications one sign-in runs. */
  async function verificationsFor(input: { email: string; password: string }): Promise<number> {
    const verify = vi.spyOn(argon2, "verify");
    await authenticate(input);
    const count = verify.mock.calls.length;
    verify.mockRestore();
    return count;
  }

  // Full-width letters change under NFKC (the stored form); plain ASCII does not.
  it.each([
    { password: "ｗｉｄｅ-ｌｅｔｔｅｒｓ-７", changesUnderNfkc: true, wrong: "ｗｒｏｎｇ-ｌｅｔｔｅｒｓ-８", verifications: 2 },
    { password: "plain-letters-7", changesUnderNfkc: false, wrong: "wrong-letters-8", verifications: 1 },
  ])("is the same for an unknown email, a wrong password and the right one (NFKC changes it: $changesUnderNfkc)", async ({ password, changesUnderNfkc, wrong, verifications }) => {
    expect(password.normalize("NFKC") !== password).toBe(changesUnderNfkc);
    const email = `work-${verifications}@example.com`;
    expect(await signUp({ email, name: "Work", password })).toMatchObject({ ok: true });
    // The dummy hash is made on first use: made here, so that no path below pays for it.
    await authenticate({ email: "warm-up@example.com", password });

    expect(await verificationsFor({ email: "nobody@example.com", password })).toBe(verifications);
    expect(await verificationsFor({ email, password: wrong })).toBe(verifications);
    expect(await verificationsFor({ email, password })).toBe(verifications);
    expect(await authenticate({ email, password })).toMatchObject({ email });
  });
});

describe("password hashes kept current", () => {
  it("signs in a user whose password was stored un-normalized, then stores the normalized form's hash", async () => {
    const { db } = await import("@/lib/testing/prisma");
    const { hashPassword, checkUserPassword } = await import("@/lib/auth/password");
    const typed = "ｗｉｄｅ-ｌｅｔｔｅｒｓ-７";
    const user = await db().user.create({ data: { email: "legacy@example.com", name: "Legacy", username: "legacy", passwordHash: await hashPassword(typed) } });
    expect(await authenticate({ email: "legacy@example.com", password: typed })).toMatchObject({ id: user.id });
    const { passwordHash } = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(passwordHash).not.toBe(user.passwordHash);
    expect(await checkUserPassword(passwordHash, "wide-letters-7")).toEqual({ ok: true, rehash: false });
    expect(await authenticate({ email: "legacy@example.com", password: "wide-letters-7" })).toMatchObject({ id: user.id });
  });

  it("re-hashes a hash made with older parameters at the next sign-in", async () => {
    const { db } = await import("@/lib/testing/prisma");
    const argon2 = (await import("argon2")).default;
    const weak = await argon2.hash("old-params-pass", { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    const user = await db().user.create({ data: { email: "oldparams@example.com", name: "Old", username: "oldparams", passwordHash: weak } });
    expect(await authenticate({ email: "oldparams@example.com", password: "old-params-pass" })).toMatchObject({ id: user.id });
    const { passwordHash } = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(passwordHash).toMatch(/m=19456,p=1,t=2/);
  });
});
