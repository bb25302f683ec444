import { describe, expect, it } from "vitest";
import { checkPostLogoutRedirectUriList, idTokenAlgSchema, openIdSettingsSchema } from "@/lib/apps/openid-settings";
import { newApplicationSchema } from "@/lib/apps/schemas";
import { checkRedirectUri } from "@/lib/oauth/redirect-uri";

describe("the ID token signing algorithm", () => {
  it.each([["RS256", true], ["ES256", true], ["rs256", false], ["HS256", false], ["none", false], ["PS256", false], ["", false], [null, false], [42, false]])(
    "%j accepted: %s",
    (alg, ok) => {
      expect(idTokenAlgSchema.safeParse(alg).success).toBe(ok);
    },
  );

  it("is required on the OpenID Connect form, and the refusal says what to choose", () => {
    for (const input of [{}, { idTokenAlg: "HS256" }, { idTokenAlg: ["RS256", "ES256"] }]) {
      const parsed = openIdSettingsSchema.safeParse(input);
      expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ["idTokenAlg"], message: "Choose RS256 or ES256 as the signing algorithm" })]);
    }
    expect(openIdSettingsSchema.parse({ idTokenAlg: "ES256" })).toEqual({ idTokenAlg: "ES256" });
  });

  it("is RS256 on registration unless another is given, and a bad one is refused there too", () => {
    const base = { name: "Acme", clientType: "confidential" };
    expect(newApplicationSchema.parse(base).idTokenAlg).toBe("RS256");
    expect(newApplicationSchema.parse({ ...base, idTokenAlg: null }).idTokenAlg).toBe("RS256");
    expect(newApplicationSchema.parse({ ...base, idTokenAlg: "ES256" }).idTokenAlg).toBe("ES256");
    expect(newApplicationSchema.safeParse({ ...base, idTokenAlg: "HS256" }).error?.issues[0]?.path).toEqual(["idTokenAlg"]);
    expect(newApplicationSchema.safeParse({ ...base, idTokenAlg: "" }).success).toBe(false);
  });
});

describe("checkPostLogoutRedirectUriList", () => {
  it("allows none at all: blank rows are dropped", () => {
    expect(checkPostLogoutRedirectUriList([], "confidential")).toEqual({ ok: true, uris: [] });
    expect(checkPostLogoutRedirectUriList(["", "  "], "confidential")).toEqual({ ok: true, uris: [] });
  });

  it("keeps up to three in order, trimmed", () => {
    expect(checkPostLogoutRedirectUriList([" https://a.example/bye", "", "http://127.0.0.1:8080/bye", "http://[::1]/bye"], "confidential")).toEqual({
      ok: true,
      uris: ["https://a.example/bye", "http://127.0.0.1:8080/bye", "http://[::1]/bye"],
    });
  });

  it("refuses a fourth, saying how many are allowed", () => {
    const four = ["https://a.example/1", "https://a.example/2", "https://a.example/3", "https://a.example/4"];
    expect(checkPostLogoutRedirectUriList(four, "confidential")).toEqual({
      ok: false,
      errors: [undefined, undefined, undefined, undefined],
      formError: "An application can have at most 3 post-logout redirect URIs",
    });
  });

  it("flags a repeated URI next to the later row, naming the earlier one", () => {
    expect(checkPostLogoutRedirectUriList(["https://a.example/bye", "https://b.example/bye", "https://a.example/bye "], "confidential")).toEqual({
      ok: false,
      errors: [undefined, undefined, "Same as post-logout redirect URI 1: each URI can be registered once"],
      formError: undefined,
    });
  });

  // The redirect URIs' rules, each with its message: the same validator, row by row.
  it.each([
    ["http://app.example/bye", "confidential", /http is only allowed for localhost, 127.0.0.1 and \[::1\]: use https/],
    ["https://app.example/bye#done", "confidential", /Fragments/],
    ["https://*.example/bye", "confidential", /Wildcards/],
    ["javascript:alert(1)", "public", /javascript: scheme is never allowed/],
    ["https://user:pw@app.example/bye", "confidential", /User names and passwords/],
    ["/signed-out", "confidential", /absolute URI/],
    ["https://app.example/a/../bye", "confidential", /\. or \.\. segments/],
    ["com.example.app:/bye", "confidential", /only for public clients/],
    ["myapp:/bye", "public", /reverse domain names/],
    [`https://app.example/${"a".repeat(2048)}`, "confidential", /at most 2048 characters/],
    ["https://app.example/bye now", "confidential", /Spaces and control characters/],
  ] as const)("refuses %s for a %s app as a redirect URI would be", (uri, clientType, message) => {
    const check = checkPostLogoutRedirectUriList(["https://ok.example/bye", uri], clientType);
    expect(check).toEqual({ ok: false, errors: [undefined, expect.stringMatching(message)], formError: undefined });
    expect(check.ok ? null : check.errors[1]).toBe((checkRedirectUri(uri, clientType) as { error: string }).error);
  });

  it("allows what redirect URIs allow: loopback http on any port, and a private-use scheme for a public app", () => {
    expect(checkPostLogoutRedirectUriList(["http://localhost:3000/bye", "http://127.0.0.1/bye", "com.example.app:/bye"], "public")).toEqual({
      ok: true,
      uris: ["http://localhost:3000/bye", "http://127.0.0.1/bye", "com.example.app:/bye"],
    });
  });
});
