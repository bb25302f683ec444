import { describe, expect, it } from "vitest";
import { withTestCallback } from "@/lib/apps/redirect-uri-rows";

const callback = "https://auth.example.com/dashboard/test-callback";

describe("the test callback on the create form", () => {
  it("fills the first empty row, or adds a row while there is room", () => {
    expect(withTestCallback([""], callback)).toEqual([callback]);
    expect(withTestCallback(["https://app.example/cb", " "], callback)).toEqual(["https://app.example/cb", callback]);
    expect(withTestCallback(["https://app.example/cb"], callback)).toEqual(["https://app.example/cb", callback]);
  });

  it("offers nothing when it is there already or every row is taken", () => {
    expect(withTestCallback([callback], callback)).toBeNull();
    expect(withTestCallback(["https://a.example/cb", "https://b.example/cb", "https://c.example/cb"], callback)).toBeNull();
  });
});
