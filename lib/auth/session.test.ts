import { describe, expect, it } from "vitest";
import { SESSION_ABSOLUTE_SECONDS } from "@/lib/auth/options";
import { withinAbsoluteLifetime } from "@/lib/auth/session";

describe("a browser session's absolute lifetime", () => {
  const now = Date.parse("2026-11-30T12:00:00Z");
  const seconds = now / 1000;

  it("holds from the sign-in until the absolute lifetime, however active the session was", () => {
    expect(withinAbsoluteLifetime(seconds - 60, now)).toBe(true);
    expect(withinAbsoluteLifetime(seconds - SESSION_ABSOLUTE_SECONDS + 1, now)).toBe(true);
    expect(withinAbsoluteLifetime(seconds - SESSION_ABSOLUTE_SECONDS, now)).toBe(false);
  });

  it("ends sessions that do not say when they signed in (made before the rule)", () => {
    expect(withinAbsoluteLifetime(undefined, now)).toBe(false);
    expect(withinAbsoluteLifetime("1700000000", now)).toBe(false);
  });
});
