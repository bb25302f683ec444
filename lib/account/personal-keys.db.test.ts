import { describe, expect, it } from "vitest";
import { createPersonalKey, listPersonalKeys, MAX_PERSONAL_KEYS, revokePersonalKey } from "@/lib/account/personal-keys";
import { db } from "@/lib/testing/prisma";
import { databaseStorage } from "@/lib/db/storage";
import { DEFAULT_SCOPES, type Scope } from "@/lib/oauth/scopes";
import { digest } from "@/lib/oauth/secrets";
import { createTestUser } from "@/lib/testing/fixtures";

const CATALOGUE: Scope[] = [
  ...DEFAULT_SCOPES,
  { name: "notes.read", description: "Read notes", personalData: false, restricted: false, api: "https://notes.example" },
  { name: "notes.admin", description: "Manage notes", personalData: false, restricted: true, api: "https://notes.example" },
];
const NOW = new Date("2026-11-30T12:00:00Z");

describe("personal API keys on the account page", () => {
  it("creates a key shown once and stored as a digest, with user.read always included and the chosen expiry", async () => {
    const user = await createTestUser();
    const result = await createPersonalKey(user.id, { name: " backup ", scopes: ["notes.read", "email"], expiry: "7" }, CATALOGUE, NOW);
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.key).toMatch(/^gpat_/);
    const [listed] = await listPersonalKeys(user.id);
    expect(listed).toMatchObject({ name: "backup", scope: "email notes.read user.read", expiresAt: new Date("2026-12-07T12:00:00Z"), lastUsedAt: null });
    expect(listed!.prefix).toBe(result.key.slice(0, 7));
    const row = await db().personalKey.findUniqueOrThrow({ where: { id: listed!.id } });
    expect(row.digest).toBe(digest(result.key));
    expect(JSON.stringify(row)).not.toContain(result.key);
    expect(await databaseStorage().keys.findPersonalKey(digest(result.key))).toMatchObject({ userId: user.id, scope: "email notes.read user.read" });
  });

  it.each([
    [{ name: "", scopes: [], expiry: "30" }, "name"],
    [{ name: "x", scopes: ["notes.admin"], expiry: "30" }, "scopes"],
    [{ name: "x", scopes: ["nope"], expiry: "30" }, "scopes"],
    [{ name: "x", scopes: [], expiry: "365" }, "expiry"],
  ])("refuses %j with an error on %s", async (input, field) => {
    const user = await createTestUser();
    expect(await createPersonalKey(user.id, input, CATALOGUE, NOW)).toMatchObject({ ok: false, fieldErrors: { [field]: expect.any(String) } });
    expect(await listPersonalKeys(user.id)).toEqual([]);
  });

  it("allows no expiry, caps the number of keys, and revokes only the user's own keys at once", async () => {
    const user = await createTestUser();
    const other = await createTestUser();
    const forever = await createPersonalKey(user.id, { name: "k0", scopes: [], expiry: "none" }, CATALOGUE, NOW);
    if (!forever.ok) throw new Error("no key");
    for (let i = 1; i < MAX_PERSONAL_KEYS; i++) await createPersonalKey(user.id, { name: `k${i}`, scopes: [], expiry: "30" }, CATALOGUE, NOW);
    expect(await createPersonalKey(user.id, { name: "one more", scopes: [], expiry: "30" }, CATALOGUE, NOW)).toMatchObject({ ok: false, fieldErrors: { form: /at most 10/ } });
    const keys = await listPersonalKeys(user.id);
    const k0 = keys.find((k) => k.name === "k0")!;
    expect(k0.expiresAt).toBeNull();
    expect(await revokePersonalKey(other.id, k0.id)).toBe(false);
    expect(await revokePersonalKey(user.id, k0.id)).toBe(true);
    expect(await databaseStorage().keys.findPersonalKey(digest(forever.key))).toBeNull();
  });
});
