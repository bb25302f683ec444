import { describe, expect, it } from "vitest";
import {
  DEFAULT_SCOPES,
  describeScopes,
  includesPersonalData,
  isSubset,
  loadScopeCatalogue,
  mergeCatalogue,
  mergeScopes,
  parseScope,
  ScopeFileError,
  scopesOfApi,
} from "@/lib/oauth/scopes";

const fromJson = (json: string) => loadScopeCatalogue("scopes.json", () => json);

describe("loadScopeCatalogue", () => {
  it("is the default catalogue without a file", () => {
    expect(loadScopeCatalogue(undefined).map((s) => s.name)).toEqual(["user.read", "openid", "profile", "email"]);
    expect(DEFAULT_SCOPES.filter((s) => s.personalData).map((s) => s.name)).toEqual(["profile", "email"]);
  });

  it("adds the operator's scopes after the defaults", () => {
    const catalogue = fromJson(
      JSON.stringify([
        { name: "links.read", description: "Read your short links" },
        { name: "links.write", description: "Create and edit your short links", personalData: true, restricted: true, api: "https://links.example" },
      ]),
    );
    expect(catalogue.slice(DEFAULT_SCOPES.length)).toEqual([
      { name: "links.read", description: "Read your short links", personalData: false, restricted: false, api: null },
      // The API's identifier in the form resource indicators compare (RFC 8707): normalised.
      { name: "links.write", description: "Create and edit your short links", personalData: true, restricted: true, api: "https://links.example/" },
    ]);
  });

  it.each([
    ["not json", /not valid JSON/],
    ["{}", /expected array/],
    ['[{"name":"has space","description":"x"}]', /printable ASCII/],
    ['[{"name":"quo\\"te","description":"x"}]', /printable ASCII/],
    ['[{"name":"notes.read,notes.write","description":"x"}]', /cannot contain a comma: scopes are separated by spaces/],
    ['[{"name":"a","description":""}]', /description/],
    ['[{"name":"a","description":"x","extra":1}]', /extra/],
    ['[{"name":"email","description":"again"}]', /defined twice/],
    ['[{"name":"a","description":"x"},{"name":"a","description":"y"}]', /defined twice/],
  ])("refuses %s with a message naming the problem", (json, message) => {
    expect(() => fromJson(json)).toThrow(ScopeFileError);
    expect(() => fromJson(json)).toThrow(message);
  });

  it("names an unreadable file", () => {
    expect(() => loadScopeCatalogue("/nonexistent/scopes.json")).toThrow(/\/nonexistent\/scopes.json: cannot read the file \(ENOENT\)/);
  });
});

describe("parseScope", () => {
  const catalogue = loadScopeCatalogue(undefined);

  it.each([
    [undefined, ["user.read"]],
    ["user.read", ["user.read"]],
    ["email", ["email", "user.read"]],
    ["profile email", ["email", "profile", "user.read"]],
    ["email  email profile", ["email", "profile", "user.read"]],
  ])("%j -> %j", (value, expected) => {
    expect(parseScope(value, catalogue)).toEqual(expected);
  });

  it.each([["admin"], ["email admin"], ["EMAIL"], ['e"mail'], ["email\tprofile"]])("refuses %j", (value) => {
    expect(parseScope(value, catalogue)).toBeNull();
  });

  it("merges scope strings into the stored form", () => {
    expect(mergeScopes("user.read email", "profile user.read")).toBe("email profile user.read");
    expect(mergeScopes("user.read", "")).toBe("user.read");
  });

  it("knows subsets and personal data", () => {
    expect(isSubset(["user.read"], ["email", "user.read"])).toBe(true);
    expect(isSubset(["profile"], ["email", "user.read"])).toBe(false);
    expect(includesPersonalData(["user.read"], catalogue)).toBe(false);
    expect(includesPersonalData(["email", "user.read"], catalogue)).toBe(true);
  });
});

describe("mergeCatalogue", () => {
  const fileScope = { name: "links.read", description: "Read your links", personalData: false, restricted: false, api: "https://links.example" };
  const registered = (name: string, api = "https://notes.example") => ({ name, description: "Notes", personalData: false, restricted: true, api });

  it("adds the registered APIs' scopes after the configured ones; a file scope may name an API", () => {
    const catalogue = mergeCatalogue([...DEFAULT_SCOPES, fileScope], [registered("notes.read"), registered("links.write", "https://links.example")]);
    expect(catalogue.map((s) => s.name)).toEqual(["user.read", "openid", "profile", "email", "links.read", "notes.read", "links.write"]);
    expect([...scopesOfApi(catalogue, "https://links.example")]).toEqual(["links.read", "links.write"]);
    expect([...scopesOfApi(catalogue, "https://notes.example")]).toEqual(["notes.read"]);
    expect([...scopesOfApi(catalogue, "https://unknown.example")]).toEqual([]);
  });

  it("refuses a name defined both by the configuration and by a registered API, naming both", () => {
    expect(() => mergeCatalogue([...DEFAULT_SCOPES, fileScope], [registered("links.read")])).toThrow(
      /scope "links.read" is defined twice: in GATEHOUSE_SCOPES_FILE and by the registered API https:\/\/notes.example/,
    );
    expect(() => mergeCatalogue([...DEFAULT_SCOPES], [registered("email")])).toThrow(/"email" is defined twice: built in and by the registered API/);
    expect(() => mergeCatalogue([...DEFAULT_SCOPES], [registered("email")])).toThrow(ScopeFileError);
  });
});

describe("describeScopes", () => {
  const catalogue = [
    { name: "user.read", description: "Know who you are", personalData: false, restricted: false, api: null },
    { name: "profile", description: "See your name", personalData: true, restricted: false, api: null },
    { name: "email", description: "See your email", personalData: true, restricted: false, api: null },
  ];

  it("lists scopes in the catalogue's order whatever order they were stored in, and keeps unknown names at the end", () => {
    expect(describeScopes(["email", "gone.scope", "user.read", "profile"], catalogue)).toEqual([
      { name: "user.read", description: "Know who you are", personalData: false },
      { name: "profile", description: "See your name", personalData: true },
      { name: "email", description: "See your email", personalData: true },
      { name: "gone.scope", description: "gone.scope", personalData: false },
    ]);
  });
});
