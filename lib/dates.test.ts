import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "@/lib/dates";

describe("dates on pages", () => {
  const afternoon = new Date("2026-12-02T17:05:42.512Z");

  it("shows every time on the same 24-hour UTC clock, with or without seconds", () => {
    expect(formatDateTime(afternoon)).toBe("Dec 2, 2026, 17:05 UTC");
    expect(formatDateTime(afternoon, { seconds: true })).toBe("Dec 2, 2026, 17:05:42 UTC");
    expect(formatDateTime(new Date("2026-12-02T05:13:00Z"))).toBe("Dec 2, 2026, 05:13 UTC");
    expect(formatDateTime(new Date("2026-12-03T00:00:07Z"), { seconds: true })).toBe("Dec 3, 2026, 00:00:07 UTC");
  });

  it("shows days alone, and a missing date in words", () => {
    expect(formatDate(afternoon)).toBe("Dec 2, 2026");
    expect(formatDateTime(null)).toBe("Never");
    expect(formatDateTime(null, { never: "Not yet" })).toBe("Not yet");
  });
});
