import { describe, expect, it } from "vitest";
import { LAST_USED_MEMORY, lastUsedCoalescer } from "@/lib/db/sql/oauth-storage";

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1) + seconds * 1000);

describe("last-used times, coalesced", () => {
  it("are due once a minute per row, and again when the clock goes back", () => {
    const due = lastUsedCoalescer();
    expect(due("a", at(0))).toBe(true);
    expect(due("a", at(59))).toBe(false);
    expect(due("b", at(59))).toBe(true);
    expect(due("a", at(60))).toBe(true);
    expect(due("a", at(30))).toBe(true);
  });

  it("stay bounded: past the limit, the rows written within the minute are still remembered", () => {
    const due = lastUsedCoalescer();
    for (let i = 0; i < LAST_USED_MEMORY - 1; i++) due(`old-${i}`, at(0));
    expect(due("fresh", at(100))).toBe(true);
    // The next new row finds the memory full: the old rows go, the fresh one stays remembered.
    expect(due("another", at(101))).toBe(true);
    expect(due("fresh", at(101))).toBe(false);
    expect(due("another", at(102))).toBe(false);
  });
});
