import { describe, expect, it } from "vitest";
import { listScopes, NEEDS_APPROVAL, RESTRICTED } from "@/lib/apps/scope-listing";
import { DEFAULT_SCOPES, type Scope } from "@/lib/oauth/scopes";

const catalogue: Scope[] = [
  ...DEFAULT_SCOPES,
  { name: "notes.read", description: "Read your notes", personalData: false, restricted: true, api: "https://notes.example" },
  { name: "notes.write", description: "Write notes", personalData: false, restricted: false, api: "https://notes.example" },
];
const noteOf = (listed: ReturnType<typeof listScopes>, name: string) => listed.find((s) => s.name === name)?.note;

describe("the scopes an app can request", () => {
  it("marks a restricted scope as needing approval until an operator approves it for the app", () => {
    const unapproved = listScopes(catalogue, { approved: [] });
    expect(noteOf(unapproved, "notes.read")).toBe(NEEDS_APPROVAL);
    expect(noteOf(unapproved, "notes.write")).toBeNull();
    expect(noteOf(unapproved, "user.read")).toBeNull();
    expect(noteOf(listScopes(catalogue, { approved: ["notes.read"] }), "notes.read")).toBeNull();
  });

  it("says in the docs that restricted scopes need approval per app", () => {
    expect(noteOf(listScopes(catalogue), "notes.read")).toBe(RESTRICTED);
    expect(listScopes(catalogue).map((s) => s.name)).toEqual(catalogue.map((s) => s.name));
  });
});
