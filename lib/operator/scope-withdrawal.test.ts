import { describe, expect, it } from "vitest";
import type { ScopeCarriers } from "@/lib/db/scope-withdrawal";
import { planWithdrawal } from "@/lib/operator/scope-withdrawal";

const names = new Set(["notes.read"]);
const carriers: ScopeCarriers = {
  names,
  grants: [{ id: "g1", userId: "u1", scope: "email notes.read user.read" }],
  pending: [{ id: "p1", userId: "u2", scope: "notes.read user.read" }],
  codes: [],
  families: [
    { id: "onlyIt", userId: "u1", scope: "notes.read user.read" },
    { id: "wider", userId: "u1", scope: "email notes.read user.read" },
  ],
  accessTokens: [
    { id: "ofOnlyIt", familyId: "onlyIt", scope: "notes.read user.read" },
    { id: "narrowedToIt", familyId: "wider", scope: "notes.read user.read" },
    { id: "ofWider", familyId: "wider", scope: "email notes.read user.read" },
  ],
  keys: [
    { id: "k1", userId: "u3", scope: "notes.read user.read" },
    { id: "k2", userId: "u3", scope: "email notes.read user.read" },
  ],
};

describe("withdrawing scope names", () => {
  it("narrows what keeps other scopes and ends what keeps nothing but the base scope (a scope removed)", () => {
    const plan = planWithdrawal(carriers, "narrow");
    expect([...plan.grants]).toEqual([["email user.read", ["g1"]]]);
    expect([...plan.pending]).toEqual([["user.read", ["p1"]]]);
    expect(plan.endedFamilies).toEqual(["onlyIt"]);
    expect([...plan.families]).toEqual([["email user.read", ["wider"]]]);
    // A token of a family that lives on, issued with only the name: ended on its own. One of an ended family: left to its family.
    expect(plan.endedAccessTokens).toEqual(["narrowedToIt"]);
    expect([...plan.accessTokens]).toEqual([["email user.read", ["ofWider"]]]);
    expect(plan.deletedKeys).toEqual(["k1"]);
    expect([...plan.keys]).toEqual([["email user.read", ["k2"]]]);
    expect(plan.impact).toEqual({ usersAffected: 3, authorizationsEnded: 2, authorizationsNarrowed: 2 });
  });

  it("ends every family that carried a name when the app loses its approval, and narrows the rest as before", () => {
    const plan = planWithdrawal({ ...carriers, keys: [] }, "end");
    expect(plan.endedFamilies).toEqual(["onlyIt", "wider"]);
    expect([...plan.families]).toEqual([]);
    expect(plan.endedAccessTokens).toEqual([]);
    expect([...plan.grants]).toEqual([["email user.read", ["g1"]]]);
    expect(plan.impact).toEqual({ usersAffected: 2, authorizationsEnded: 2, authorizationsNarrowed: 0 });
  });

  it("writes nothing when nothing carries the names", () => {
    const plan = planWithdrawal({ names, grants: [], pending: [], codes: [], families: [], accessTokens: [], keys: [] }, "narrow");
    expect(plan.impact).toEqual({ usersAffected: 0, authorizationsEnded: 0, authorizationsNarrowed: 0 });
    expect([plan.endedFamilies, plan.endedAccessTokens, plan.deletedKeys]).toEqual([[], [], []]);
  });
});
