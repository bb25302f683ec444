import { describe, expect, it } from "vitest";
import { scopeAddedNotice } from "@/lib/operator/scope-notices";

describe("the notice after a scope is added", () => {
  it("says a restricted scope needs approval per app, and an open one is requestable now", () => {
    expect(scopeAddedNotice("notes.read", true)).toMatch(/^Added notes\.read, restricted: no app can request it until an operator approves it for that app/);
    expect(scopeAddedNotice("notes.read", true)).not.toMatch(/can request it now/);
    expect(scopeAddedNotice("notes.write", false)).toBe("Added notes.write. Apps can request it now; every Gatehouse instance offers it within a second.");
  });
});
