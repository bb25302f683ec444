import { describe, expect, it } from "vitest";
import { checkRedirectUri, checkRedirectUriList, matchRedirectUri } from "@/lib/oauth/redirect-uri";
import type { ClientType } from "@/lib/oauth/storage";

const VALID: [string, ClientType][] = [
  ["https://app.example.com/callback", "confidential"],
  ["https://app.example.com/callback", "public"],
  ["https://app.example.com", "confidential"],
  ["https://app.example.com/", "confidential"],
  ["https://app.example.com:8443/oauth/cb", "confidential"],
  ["https://app.example.com/cb?tenant=acme", "confidential"],
  ["https://xn--exmple-cua.com/cb", "confidential"],
  ["https://203.0.113.7/cb", "confidential"],
  ["https://[2001:db8::1]/cb", "confidential"],
  ["http://localhost/cb", "confidential"],
  ["http://localhost:3000/api/auth/callback", "confidential"],
  ["http://127.0.0.1/cb", "public"],
  ["http://127.0.0.1:8080/cb", "public"],
  ["http://[::1]/cb", "public"],
  ["http://[::1]:49152/cb", "public"],
  ["com.example.app:/oauth2redirect", "public"],
  ["com.example.app://callback", "public"],
  ["io.github.some-dev.cli:/cb", "public"],
  ["https://app.example.com/a%20b", "confidential"],
  ["  https://app.example.com/trimmed  ", "confidential"],
];

const INVALID: [string, ClientType, RegExp][] = [
  ["", "confidential", /Enter a redirect URI/],
  ["/callback", "confidential", /absolute URI/],
  ["app.example.com/callback", "confidential", /absolute URI/],
  ["//app.example.com/callback", "confidential", /absolute URI/],
  ["http://app.example.com/callback", "confidential", /http is only allowed for localhost/],
  ["http://192.168.1.10/cb", "public", /http is only allowed for localhost/],
  ["http://127.0.0.2/cb", "public", /http is only allowed for localhost/],
  ["http://dev.localhost/cb", "confidential", /http is only allowed for localhost/],
  ["http://localhost.evil.example/cb", "confidential", /http is only allowed for localhost/],
  ["http://[::ffff:127.0.0.1]/cb", "public", /http is only allowed for localhost/],
  ["https://app.example.com/cb#section", "confidential", /Fragments/],
  ["https://app.example.com/cb#", "confidential", /Fragments/],
  ["https://*.example.com/cb", "confidential", /Wildcards/],
  ["https://app.example.com/*", "confidential", /Wildcards/],
  ["https://user:pass@app.example.com/cb", "confidential", /User names and passwords/],
  ["https://app.example.com@evil.example/cb", "confidential", /User names and passwords/],
  ["http://localhost@evil.example/cb", "confidential", /User names and passwords/],
  ["https://exämple.com/cb", "confidential", /punycode/],
  ["https://app.example.com/caf\u00e9", "confidential", /Only ASCII/],
  ["https://app.example.com/a b", "confidential", /Spaces and control characters/],
  ["https://app.example.com/c\tb", "confidential", /Spaces and control characters/],
  ["https:\\\\evil.example\\cb", "confidential", /Backslashes/],
  ["HTTPS://app.example.com/cb", "confidential", /lower case/],
  ["javascript:alert(1)", "public", /never allowed/],
  ["data:text/html,<script>alert(1)</script>", "public", /never allowed/],
  ["file:///etc/passwd", "public", /never allowed/],
  ["vbscript:msgbox", "public", /never allowed/],
  ["myapp://callback", "public", /reverse domain names with a dot/],
  ["com.example.app:/callback", "confidential", /only for public clients/],
  ["com.example.app:", "public", /Add a path/],
  ["https://app.example.com/a/../admin", "confidential", /\. or \.\. segments/],
  ["https://app.example.com/a/%2e%2e/admin", "confidential", /\. or \.\. segments/],
  ["https://app.example.com:99999/cb", "confidential", /not a valid URI/],
  ["https://", "confidential", /not a valid URI/],
  ["https:app.example.com/cb", "confidential", /form https:\/\/host/],
  [`https://app.example.com/${"a".repeat(2030)}`, "confidential", /at most 2048/],
];

describe("checkRedirectUri", () => {
  it.each(VALID)("accepts %s for a %s client", (uri, type) => {
    expect(checkRedirectUri(uri, type)).toEqual({ ok: true, uri: uri.trim() });
  });

  it.each(INVALID)("rejects %j for a %s client", (uri, type, message) => {
    const check = checkRedirectUri(uri, type);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error).toMatch(message);
  });

  it("accepts a URI of exactly 2048 characters and refuses one of 2049", () => {
    const base = "https://app.example.com/";
    const exact = base + "a".repeat(2048 - base.length);
    expect(checkRedirectUri(exact, "confidential")).toEqual({ ok: true, uri: exact });
    expect(checkRedirectUri(exact + "a", "confidential")).toEqual({ ok: false, error: expect.stringMatching(/at most 2048/) });
  });
});

describe("checkRedirectUriList", () => {
  it("drops blank entries and keeps the order", () => {
    expect(checkRedirectUriList(["https://a.example/cb", "", "https://b.example/cb"], "confidential")).toEqual({
      ok: true,
      uris: ["https://a.example/cb", "https://b.example/cb"],
    });
  });

  it("needs at least one", () => {
    expect(checkRedirectUriList(["", "  "], "confidential")).toMatchObject({ ok: false, formError: "Add at least one redirect URI" });
  });

  it("allows at most three", () => {
    const four = ["https://a.example/1", "https://a.example/2", "https://a.example/3", "https://a.example/4"];
    expect(checkRedirectUriList(four, "confidential")).toMatchObject({ ok: false, formError: expect.stringMatching(/at most 3/) });
  });

  it("flags a duplicate next to the later entry", () => {
    const check = checkRedirectUriList(["https://a.example/cb", " https://a.example/cb"], "confidential");
    expect(check).toEqual({ ok: false, errors: [undefined, expect.stringMatching(/Same as redirect URI 1/)], formError: undefined });
  });

  it("names the list in its messages and may allow none, under other rules", () => {
    const rules = { noun: "sign-out URI", required: false, max: 2 };
    expect(checkRedirectUriList(["", " "], "confidential", rules)).toEqual({ ok: true, uris: [] });
    expect(checkRedirectUriList(["https://a.example/1", "https://a.example/1"], "confidential", rules)).toMatchObject({ errors: [undefined, expect.stringMatching(/^Same as sign-out URI 1:/)] });
    expect(checkRedirectUriList(["https://a.example/1", "https://a.example/2", "https://a.example/3"], "confidential", rules)).toMatchObject({
      formError: "An application can have at most 2 sign-out URIs",
    });
  });

  it("puts each error next to its own entry", () => {
    const check = checkRedirectUriList(["http://a.example/cb", "https://ok.example/cb", "https://b.example/#x"], "confidential");
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.errors[0]).toMatch(/http is only allowed/);
      expect(check.errors[1]).toBeUndefined();
      expect(check.errors[2]).toMatch(/Fragments/);
    }
  });
});

describe("matchRedirectUri", () => {
  const registered = ["https://app.example.com/cb", "http://127.0.0.1/native", "http://[::1]:8080/cb", "http://localhost:3000/cb"];

  it.each([
    ["https://app.example.com/cb", "https://app.example.com/cb"],
    ["http://127.0.0.1:51234/native", "http://127.0.0.1/native"],
    ["http://127.0.0.1/native", "http://127.0.0.1/native"],
    ["http://[::1]:9999/cb", "http://[::1]:8080/cb"],
    ["http://[::1]/cb", "http://[::1]:8080/cb"],
  ])("matches %s to %s", (requested, expected) => {
    expect(matchRedirectUri(registered, requested)).toBe(expected);
  });

  it.each([
    ["https://app.example.com/cb/"],
    ["https://app.example.com/CB"],
    ["https://APP.example.com/cb"],
    ["https://app.example.com/cb?x=1"],
    ["https://app.example.com:443/cb"],
    ["http://app.example.com/cb"],
    ["http://localhost:3001/cb"],
    ["http://localhost/cb"],
    ["http://127.0.0.1:70000/native"],
    ["http://127.0.0.1:5000/native/extra"],
    ["http://127.0.0.1.evil.example/native"],
    [""],
  ])("does not match %j", (requested) => {
    expect(matchRedirectUri(registered, requested)).toBeUndefined();
  });
});
