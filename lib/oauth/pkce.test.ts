import { describe, expect, it } from "vitest";
import { isValidS256Challenge, isValidVerifier, s256, verifyPkce } from "@/lib/oauth/pkce";

// RFC 7636 Appendix B
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

describe("PKCE S256", () => {
  it("matches the RFC 7636 Appendix B test vector", () => {
    expect(s256(VERIFIER)).toBe(CHALLENGE);
    expect(verifyPkce(VERIFIER, CHALLENGE)).toBe(true);
  });

  it("rejects a missing, wrong or malformed verifier", () => {
    expect(verifyPkce(undefined, CHALLENGE)).toBe(false);
    expect(verifyPkce(VERIFIER.slice(0, -1) + "l", CHALLENGE)).toBe(false);
    expect(verifyPkce("short", s256("short"))).toBe(false);
    expect(verifyPkce(CHALLENGE, CHALLENGE)).toBe(false);
  });

  it.each([
    ["a".repeat(43), true],
    ["a".repeat(128), true],
    ["a".repeat(42), false],
    ["a".repeat(129), false],
    ["A-._~" + "z".repeat(40), true],
    ["a+b/" + "z".repeat(40), false],
    ["a b" + "z".repeat(41), false],
  ])("verifier %s valid: %s", (verifier, valid) => {
    expect(isValidVerifier(verifier)).toBe(valid);
  });

  it("accepts only 43-character base64url challenges", () => {
    expect(isValidS256Challenge(CHALLENGE)).toBe(true);
    expect(isValidS256Challenge(CHALLENGE + "=")).toBe(false);
    expect(isValidS256Challenge(CHALLENGE.slice(1))).toBe(false);
    expect(isValidS256Challenge("+" + CHALLENGE.slice(1))).toBe(false);
  });
});
