import { describe, expect, it } from "vitest";
import { apiRemovalWarning, describeRemoval, scopeRemovalWarning } from "@/lib/operator/removal-impact";

describe("the words for removing scopes", () => {
  it("count the authorizations that end and those that keep their other scopes, in the singular and the plural", () => {
    expect(describeRemoval({ usersAffected: 1, authorizationsEnded: 0, authorizationsNarrowed: 1 })).toBe("1 user affected, 0 live authorizations ended, 1 kept its other scopes");
    expect(describeRemoval({ usersAffected: 3, authorizationsEnded: 1, authorizationsNarrowed: 2 })).toBe("3 users affected, 1 live authorization ended, 2 kept their other scopes");
    expect(scopeRemovalWarning({ usersAffected: 2, authorizationsEnded: 1, authorizationsNarrowed: 3 })).toBe(
      "2 users hold it. It leaves every grant, token and key now: 1 live authorization that carries only it ends, 3 keep their other scopes.",
    );
    expect(apiRemovalWarning({ usersAffected: 1, authorizationsEnded: 2, authorizationsNarrowed: 1 })).toBe(
      "1 user holds one of its scopes: the scopes leave every grant, token and key at once; 2 live authorizations that carry nothing else end, 1 keeps its other scopes.",
    );
  });
});
