import { describe, expect, it } from "vitest";
import { digest, generateClientId, generateSecret, looksLikeSecret, matchesDigest, secretHint, secureRandomBytes } from "@/lib/oauth/secrets";

describe("secrets", () => {
  it("generates 32 random bytes, base64url, behind the kind's prefix", () => {
    const secret = generateSecret("clientSecret");
    expect(secret).toMatch(/^gsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(5), "base64url")).toHaveLength(32);
    expect(generateSecret("accessToken")).toMatch(/^gat_/);
    expect(generateSecret("refreshToken")).toMatch(/^grt_/);
  });

  it("never repeats", () => {
    const seen = new Set(Array.from({ length: 1000 }, () => generateSecret("clientSecret")));
    expect(seen.size).toBe(1000);
  });

  it("hands out pooled random bytes once each, across pool refills", () => {
    // 4096-byte pool: 300 draws of 32 bytes cross two refills; no 32-byte value may repeat.
    const drawn = Array.from({ length: 300 }, () => secureRandomBytes(32));
    expect(drawn.every((b) => b.length === 32)).toBe(true);
    expect(new Set(drawn.map((b) => b.toString("hex"))).size).toBe(300);
    // Copies, not views of the pool: a later draw does not change an earlier value.
    const first = secureRandomBytes(16);
    const copy = Buffer.from(first);
    for (let i = 0; i < 300; i++) secureRandomBytes(16);
    expect(first.equals(copy)).toBe(true);
    expect(() => secureRandomBytes(4097)).toThrow(RangeError);
  });

  it("digests with SHA-256 (hex) and never returns the secret itself", () => {
    expect(digest("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const secret = generateSecret("clientSecret");
    expect(digest(secret)).not.toContain(secret.slice(5));
  });

  it("matches a secret against its digest, and nothing else", () => {
    const secret = generateSecret("clientSecret");
    const stored = digest(secret);
    expect(matchesDigest(secret, stored)).toBe(true);
    expect(matchesDigest(secret.slice(0, -1) + (secret.endsWith("A") ? "B" : "A"), stored)).toBe(false);
    expect(matchesDigest("", stored)).toBe(false);
    expect(matchesDigest(secret, "not-hex")).toBe(false);
  });

  it("recognises the shape of a secret of each kind", () => {
    const secret = generateSecret("clientSecret");
    expect(looksLikeSecret("clientSecret", secret)).toBe(true);
    expect(looksLikeSecret("accessToken", secret)).toBe(false);
    expect(looksLikeSecret("clientSecret", secret + "x")).toBe(false);
    expect(looksLikeSecret("clientSecret", "gsec_short")).toBe(false);
  });

  it("shows only the prefix and last four characters", () => {
    const secret = "gsec_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    expect(secretHint(secret)).toEqual({ prefix: "gsec_ab", lastFour: "DEFG" });
  });

  it("makes client IDs that are random and URL-safe", () => {
    const id = generateClientId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generateClientId()).not.toBe(id);
  });
});
