import { describe, expect, it } from "vitest";
import { newRecordId } from "@/lib/db/sql/record-id";

describe("newRecordId", () => {
  it("has cuid's shape", () => {
    expect(newRecordId()).toMatch(/^c[0-9a-z]{24}$/);
  });

  it("sorts in the order the ids were made, also within one millisecond", () => {
    const ids = Array.from({ length: 2000 }, () => newRecordId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
