import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-url";

const ORIGIN = "http://localhost:3000";

describe("safeCallbackPath", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/oauth/authorize?client_id=abc&state=x%20y", "/oauth/authorize?client_id=abc&state=x%20y"],
    ["http://localhost:3000/account#apps", "/account#apps"],
    ["/", "/"],
  ])("keeps the same-origin target %s", (input, expected) => {
    expect(safeCallbackPath(input, ORIGIN)).toBe(expected);
  });

  it.each([
    ["https://evil.example/phish"],
    ["//evil.example/phish"],
    ["/\\evil.example"],
    ["\\\\evil.example"],
    ["http://localhost:3001/dashboard"],
    ["https://localhost:3000/dashboard"],
    ["javascript:alert(1)"],
    ["data:text/html,hi"],
    ["dashboard"],
    ["/\tevil"],
    [""],
    [undefined],
    [["/a", "/b"]],
    ["/" + "a".repeat(5000)],
    // Dot segments that normalize to a protocol-relative path.
    ["/.//evil.example"],
    ["/%2e//evil.example"],
    ["/a/..//evil.example"],
    ["http://localhost:3000/.//evil.example"],
  ])("falls back for %j", (input) => {
    expect(safeCallbackPath(input, ORIGIN)).toBe("/dashboard");
  });

  it("uses the given fallback", () => {
    expect(safeCallbackPath("https://evil.example", ORIGIN, "/")).toBe("/");
  });
});
