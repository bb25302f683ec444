import { describe, expect, it } from "vitest";
import { requestIdFor } from "@/lib/observe/request-id";

describe("requestIdFor", () => {
  it("keeps a trusted proxy's id", () => {
    expect(requestIdFor("7f3a9c0e2b1d4e5f8a6b", 1)).toBe("7f3a9c0e2b1d4e5f8a6b");
  });

  it.each([
    ["a client's own id, without a trusted proxy", "7f3a9c0e2b1d4e5f8a6b", 0],
    ["a line break", "abcdefgh\nlevel=error", 1],
    ["markup", "<script>alert(1)</script>", 1],
    ["a repeated header", ["abcdefgh1", "abcdefgh2"], 1],
    ["an id too short to be unique", "abc", 1],
    ["an id too long", "a".repeat(129), 1],
  ])("makes its own in place of %s", (_what, header, trustProxy) => {
    const id = requestIdFor(header as string | string[], trustProxy as number);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
