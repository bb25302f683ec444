import { describe, expect, it } from "vitest";
import {
  createApplication,
  createClientSecret,
  deleteApplication,
  getApplication,
  listApplications,
  NotFoundError,
  revokeAllUserTokens,
  revokeClientSecret,
  updateApplication,
  updateOpenIdSettings,
} from "@/lib/apps/applications";
import { updateOwnedOpenIdSettings } from "@/lib/db/applications";
import { databaseStorage } from "@/lib/db/storage";
import { db } from "@/lib/testing/prisma";
import { digest } from "@/lib/oauth/secrets";
import { createTestApi, createTestGrant, createTestUser } from "@/lib/testing/fixtures";

const CONFIDENTIAL = {
  name: "  Acme CRM ",
  description: "Syncs contacts",
  homepageUrl: "https://acme.example",
  privacyPolicyUrl: "",
  termsUrl: "",
  clientType: "confidential",
  redirectUris: ["https://acme.example/callback", ""],
};

async function givenAnApp(input: Record<string, unknown> = CONFIDENTIAL) {
  const owner = await createTestUser();
  const result = await createApplication(owner.id, input);
  if (!result.ok) throw new Error(JSON.stringify(result));
  return { owner, id: result.id, clientSecret: result.clientSecret };
}

describe("createApplication", () => {
  it("registers a confidential app and returns its secret once, storing only a digest and a hint", async () => {
    const { owner, id, clientSecret } = await givenAnApp();
    expect(clientSecret).toMatch(/^gsec_[A-Za-z0-9_-]{43}$/);
    const app = await getApplication(owner.id, id);
    expect(app).toMatchObject({ name: "Acme CRM", clientType: "confidential", redirectUris: ["https://acme.example/callback"], privacyPolicyUrl: null });
    expect(app.clientId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(app.secrets).toEqual([expect.objectContaining({ prefix: clientSecret!.slice(0, 7), lastFour: clientSecret!.slice(-4), lastUsedAt: null })]);
    const stored = await db().clientSecret.findFirstOrThrow({ where: { applicationId: id } });
    expect(stored.digest).toBe(digest(clientSecret!));
    expect(JSON.stringify(stored)).not.toContain(clientSecret!.slice(7, -4));
  });

  it("registers a public app without a secret and allows it a private-use scheme", async () => {
    const { owner, id, clientSecret } = await givenAnApp({ ...CONFIDENTIAL, clientType: "public", redirectUris: ["com.acme.app:/cb", "http://127.0.0.1/cb"] });
    expect(clientSecret).toBeNull();
    expect(await getApplication(owner.id, id)).toMatchObject({ clientType: "public", secrets: [], redirectUris: ["com.acme.app:/cb", "http://127.0.0.1/cb"] });
  });

  it("returns an error per bad field and per bad redirect URI, and stores nothing", async () => {
    const owner = await createTestUser();
    const result = await createApplication(owner.id, {
      ...CONFIDENTIAL,
      name: "",
      homepageUrl: "http://acme.example",
      clientType: "server",
      redirectUris: ["http://acme.example/cb", "https://acme.example/ok", "https://acme.example/ok"],
    });
    expect(result).toEqual({
      ok: false,
      fieldErrors: { name: "Enter a name", homepageUrl: expect.stringMatching(/https/), clientType: "Choose confidential or public" },
      redirectUriErrors: [expect.stringMatching(/http is only allowed/), undefined, expect.stringMatching(/Same as redirect URI 2/)],
      formError: undefined,
    });
    expect(await db().application.count({ where: { ownerId: owner.id } })).toBe(0);
  });

  it("refuses a fourth redirect URI and none at all", async () => {
    const owner = await createTestUser();
    const four = ["https://a.example/1", "https://a.example/2", "https://a.example/3", "https://a.example/4"];
    expect(await createApplication(owner.id, { ...CONFIDENTIAL, redirectUris: four })).toMatchObject({ formError: expect.stringMatching(/at most 3/) });
    expect(await createApplication(owner.id, { ...CONFIDENTIAL, redirectUris: [] })).toMatchObject({ formError: "Add at least one redirect URI" });
    expect(await createApplication(owner.id, { name: "x" })).toMatchObject({ ok: false });
    expect(await createApplication(owner.id, null)).toMatchObject({ ok: false });
    expect(await db().application.count({ where: { ownerId: owner.id } })).toBe(0);
  });
});

describe("names people could mistake for another", () => {
  const app = (name: string) => ({ ...CONFIDENTIAL, name });

  it("refuses a name that looks like a registered API's, for every developer", async () => {
    await createTestApi("Ledger API");
    const owner = await createTestUser();
    // Cyrillic Е, Greek Ι: the same skeleton (UTS #39) as the API's name
    expect(await createApplication(owner.id, app("L\u0415dger AP\u0399"))).toMatchObject({
      ok: false,
      fieldErrors: { name: "The name looks like that of the registered API Ledger API: choose one people cannot mistake for it" },
    });
    expect(await createApplication(owner.id, app("ledger  api"))).toMatchObject({ ok: false, fieldErrors: { name: expect.stringMatching(/registered API Ledger API/) } });
    expect(await createApplication(owner.id, app("Ledger API Client"))).toMatchObject({ ok: true });
    expect(await db().application.count({ where: { ownerId: owner.id } })).toBe(1);
  });

  it("refuses a name that looks like another of the owner's apps, on create and on edit, but not another owner's", async () => {
    const { owner, id } = await givenAnApp(app("Acme CRM"));
    expect(await createApplication(owner.id, app("\u0391cme CRM"))).toMatchObject({
      ok: false,
      fieldErrors: { name: "The name looks like that of your application Acme CRM: give each application a name people can tell apart" },
    });
    const second = await createApplication(owner.id, app("Acme Notes"));
    if (!second.ok) throw new Error(JSON.stringify(second));
    expect(await updateApplication(owner.id, second.id, app("ACME CRM"))).toMatchObject({ ok: false, fieldErrors: { name: expect.stringMatching(/your application Acme CRM/) } });
    expect((await getApplication(owner.id, second.id)).name).toBe("Acme Notes");
    // An app keeps its own name when it is edited; another developer may use it.
    expect(await updateApplication(owner.id, id, app("Acme crm"))).toMatchObject({ ok: true });
    expect(await createApplication((await createTestUser()).id, app("Acme CRM"))).toMatchObject({ ok: true });
  });
});

describe("ownership", () => {
  it("lists only the developer's own applications, with their user counts", async () => {
    const { owner, id } = await givenAnApp();
    const other = await givenAnApp();
    const user = await createTestUser();
    await createTestGrant(user.id, id);
    const list = await listApplications(owner.id);
    expect(list.map((a) => a.id)).toEqual([id]);
    expect(list[0]).toMatchObject({ redirectUriCount: 1, userCount: 1, clientType: "confidential" });
    expect((await listApplications(other.owner.id)).map((a) => a.id)).toEqual([other.id]);
  });

  it("treats another developer's application as not found everywhere and changes nothing", async () => {
    const { id } = await givenAnApp();
    const intruder = await createTestUser("Intruder");
    const before = await db().application.findUniqueOrThrow({ where: { id }, include: { secrets: true, redirectUris: true } });
    const attempts = [
      () => getApplication(intruder.id, id),
      () => updateApplication(intruder.id, id, { ...CONFIDENTIAL, name: "Hijacked" }),
      () => deleteApplication(intruder.id, id, "Acme CRM"),
      () => createClientSecret(intruder.id, id),
      () => revokeClientSecret(intruder.id, id, before.secrets[0]!.id),
      () => revokeAllUserTokens(intruder.id, id),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(NotFoundError);
    expect(await db().application.findUniqueOrThrow({ where: { id }, include: { secrets: true, redirectUris: true } })).toEqual(before);
  });

  it("treats malformed ids as not found", async () => {
    const owner = await createTestUser();
    for (const id of ["", "../etc", "x".repeat(100), 42, null]) {
      await expect(getApplication(owner.id, id)).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});

describe("updateApplication", () => {
  it("changes the fields and replaces the redirect URIs in order", async () => {
    const { owner, id } = await givenAnApp();
    const result = await updateApplication(owner.id, id, {
      ...CONFIDENTIAL,
      name: "Acme CRM 2",
      description: "",
      redirectUris: ["https://acme.example/new", "http://localhost:3000/cb"],
    });
    expect(result).toEqual({ ok: true });
    expect(await getApplication(owner.id, id)).toMatchObject({
      name: "Acme CRM 2",
      description: null,
      redirectUris: ["https://acme.example/new", "http://localhost:3000/cb"],
    });
  });

  it("keeps the old data when the new data is invalid", async () => {
    const { owner, id } = await givenAnApp();
    const before = await getApplication(owner.id, id);
    const result = await updateApplication(owner.id, id, { ...CONFIDENTIAL, redirectUris: ["com.acme.app:/cb"] });
    expect(result).toMatchObject({ ok: false, redirectUriErrors: [expect.stringMatching(/only for public clients/)] });
    expect(await getApplication(owner.id, id)).toEqual(before);
  });
});

describe("OpenID Connect settings", () => {
  const LOGOUT = ["https://acme.example/signed-out", "http://127.0.0.1:8080/bye"];

  it("are RS256 and no post-logout redirect URI for an app registered without them, or stored before they existed", async () => {
    const { owner, id } = await givenAnApp();
    expect(await getApplication(owner.id, id)).toMatchObject({ idTokenAlg: "RS256", postLogoutRedirectUris: [] });
    // A row as the previous release wrote it: no algorithm given, the column's default applies.
    const old = await db().application.create({ data: { clientId: "legacy-client-id-0000000", ownerId: owner.id, name: "Legacy", clientType: "public" } });
    expect(await getApplication(owner.id, old.id)).toMatchObject({ idTokenAlg: "RS256", postLogoutRedirectUris: [] });
    expect(await databaseStorage().clients.findClient("legacy-client-id-0000000")).toMatchObject({ idTokenAlg: "RS256", postLogoutRedirectUris: [] });
  });

  it("are stored on registration when given, the URIs in order", async () => {
    const { owner, id } = await givenAnApp({ ...CONFIDENTIAL, idTokenAlg: "ES256", postLogoutRedirectUris: [...LOGOUT, ""] });
    expect(await getApplication(owner.id, id)).toMatchObject({ idTokenAlg: "ES256", postLogoutRedirectUris: LOGOUT });
    expect((await db().postLogoutRedirectUri.findMany({ where: { applicationId: id }, orderBy: { position: "asc" } })).map((r) => [r.position, r.uri])).toEqual([
      [0, LOGOUT[0]],
      [1, LOGOUT[1]],
    ]);
  });

  it("refuse a registration with a bad algorithm or post-logout redirect URI, saying which, and store nothing", async () => {
    const owner = await createTestUser();
    expect(await createApplication(owner.id, { ...CONFIDENTIAL, idTokenAlg: "HS256" })).toMatchObject({
      ok: false,
      fieldErrors: { idTokenAlg: "Choose RS256 or ES256 as the signing algorithm" },
    });
    expect(await createApplication(owner.id, { ...CONFIDENTIAL, postLogoutRedirectUris: ["https://acme.example/ok", "http://acme.example/bye"] })).toMatchObject({
      ok: false,
      fieldErrors: { postLogoutRedirectUris: expect.stringMatching(/^Post-logout redirect URI 2: http is only allowed/) },
    });
    const four = ["https://a.example/1", "https://a.example/2", "https://a.example/3", "https://a.example/4"];
    expect(await createApplication(owner.id, { ...CONFIDENTIAL, postLogoutRedirectUris: four })).toMatchObject({
      ok: false,
      fieldErrors: { postLogoutRedirectUris: "An application can have at most 3 post-logout redirect URIs" },
    });
    expect(await db().application.count({ where: { ownerId: owner.id } })).toBe(0);
  });

  it("are changed together, the URIs replaced in order, and the protocol side reads them from the next request", async () => {
    const { owner, id } = await givenAnApp({ ...CONFIDENTIAL, postLogoutRedirectUris: ["https://acme.example/old"] });
    const { clientId } = await getApplication(owner.id, id);
    const clients = databaseStorage().clients;
    expect(await clients.findClient(clientId)).toMatchObject({ idTokenAlg: "RS256", postLogoutRedirectUris: ["https://acme.example/old"] });

    expect(await updateOpenIdSettings(owner.id, id, { idTokenAlg: "ES256", postLogoutRedirectUris: ["", ...LOGOUT.toReversed()] })).toEqual({ ok: true });
    const app = await getApplication(owner.id, id);
    expect(app).toMatchObject({ idTokenAlg: "ES256", postLogoutRedirectUris: LOGOUT.toReversed(), name: "Acme CRM", redirectUris: ["https://acme.example/callback"] });
    expect(await clients.findClient(clientId)).toMatchObject({ idTokenAlg: "ES256", postLogoutRedirectUris: LOGOUT.toReversed() });

    // None at all is allowed; the settings form leaves them as they are.
    expect(await updateOpenIdSettings(owner.id, id, { idTokenAlg: "RS256", postLogoutRedirectUris: [] })).toEqual({ ok: true });
    expect(await getApplication(owner.id, id)).toMatchObject({ idTokenAlg: "RS256", postLogoutRedirectUris: [] });
    await updateOpenIdSettings(owner.id, id, { idTokenAlg: "ES256", postLogoutRedirectUris: LOGOUT });
    expect(await updateApplication(owner.id, id, { ...CONFIDENTIAL, name: "Acme CRM 2" })).toEqual({ ok: true });
    expect(await getApplication(owner.id, id)).toMatchObject({ name: "Acme CRM 2", idTokenAlg: "ES256", postLogoutRedirectUris: LOGOUT });
  });

  it("refuse more than three, a repeated or bad URI and an unknown algorithm, with an error where it belongs, and change nothing", async () => {
    const { owner, id } = await givenAnApp({ ...CONFIDENTIAL, postLogoutRedirectUris: LOGOUT });
    const before = await db().application.findUniqueOrThrow({ where: { id }, include: { postLogoutUris: true } });
    const four = ["https://a.example/1", "https://a.example/2", "https://a.example/3", "https://a.example/4"];
    expect(await updateOpenIdSettings(owner.id, id, { idTokenAlg: "ES256", postLogoutRedirectUris: four })).toEqual({
      ok: false,
      fieldErrors: {},
      postLogoutRedirectUriErrors: [undefined, undefined, undefined, undefined],
      formError: "An application can have at most 3 post-logout redirect URIs",
    });
    expect(await updateOpenIdSettings(owner.id, id, { idTokenAlg: "ES256", postLogoutRedirectUris: ["https://a.example/1", "https://a.example/1#x", "https://a.example/1"] })).toEqual({
      ok: false,
      fieldErrors: {},
      postLogoutRedirectUriErrors: [undefined, expect.stringMatching(/Fragments/), "Same as post-logout redirect URI 1: each URI can be registered once"],
      formError: undefined,
    });
    expect(await updateOpenIdSettings(owner.id, id, { idTokenAlg: "none", postLogoutRedirectUris: [] })).toEqual({
      ok: false,
      fieldErrors: { idTokenAlg: "Choose RS256 or ES256 as the signing algorithm" },
      postLogoutRedirectUriErrors: [],
      formError: undefined,
    });
    expect(await updateOpenIdSettings(owner.id, id, { postLogoutRedirectUris: [] })).toMatchObject({ ok: false, fieldErrors: { idTokenAlg: expect.any(String) } });
    expect(await updateOpenIdSettings(owner.id, id, null)).toMatchObject({ ok: false });
    expect(await db().application.findUniqueOrThrow({ where: { id }, include: { postLogoutUris: true } })).toEqual(before);
  });

  it("allow a public app's private-use scheme, not a confidential app's", async () => {
    const pub = await givenAnApp({ ...CONFIDENTIAL, clientType: "public" });
    expect(await updateOpenIdSettings(pub.owner.id, pub.id, { idTokenAlg: "RS256", postLogoutRedirectUris: ["com.acme.app:/bye"] })).toEqual({ ok: true });
    const conf = await givenAnApp();
    expect(await updateOpenIdSettings(conf.owner.id, conf.id, { idTokenAlg: "RS256", postLogoutRedirectUris: ["com.acme.app:/bye"] })).toMatchObject({
      ok: false,
      postLogoutRedirectUriErrors: [expect.stringMatching(/only for public clients/)],
    });
  });

  it("cannot be read or changed by another developer, and go with the app when it is deleted", async () => {
    const { owner, id } = await givenAnApp({ ...CONFIDENTIAL, idTokenAlg: "ES256", postLogoutRedirectUris: LOGOUT });
    const intruder = await createTestUser("Intruder");
    const before = await db().application.findUniqueOrThrow({ where: { id }, include: { postLogoutUris: true } });
    await expect(updateOpenIdSettings(intruder.id, id, { idTokenAlg: "RS256", postLogoutRedirectUris: ["https://evil.example/bye"] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateOpenIdSettings(intruder.id, "not-an-id", { idTokenAlg: "RS256", postLogoutRedirectUris: [] })).rejects.toBeInstanceOf(NotFoundError);
    // The write itself checks the owner too, in its transaction.
    expect(await updateOwnedOpenIdSettings(intruder.id, id, { idTokenAlg: "RS256", postLogoutRedirectUris: ["https://evil.example/bye"] })).toBe(false);
    expect(await db().application.findUniqueOrThrow({ where: { id }, include: { postLogoutUris: true } })).toEqual(before);
    expect(await deleteApplication(owner.id, id, "Acme CRM")).toEqual({ ok: true });
    expect(await db().postLogoutRedirectUri.count({ where: { applicationId: id } })).toBe(0);
  });
});

describe("client secrets", () => {
  it("allows a second secret, not a third, and revokes one at once", async () => {
    const { owner, id, clientSecret: first } = await givenAnApp();
    const second = await createClientSecret(owner.id, id);
    expect(second).toMatchObject({ ok: true, clientSecret: expect.stringMatching(/^gsec_/) });
    expect(await createClientSecret(owner.id, id)).toEqual({ ok: false, error: expect.stringMatching(/at most 2 secrets/) });

    const app = await getApplication(owner.id, id);
    const old = app.secrets.find((s) => s.lastFour === first!.slice(-4))!;
    await revokeClientSecret(owner.id, id, old.id);
    const digests = (await db().clientSecret.findMany({ where: { applicationId: id } })).map((s) => s.digest);
    expect(digests).toEqual([digest((second as { clientSecret: string }).clientSecret)]);
  });

  it("never lets concurrent rotations exceed two secrets", async () => {
    const { owner, id } = await givenAnApp();
    const results = await Promise.all(Array.from({ length: 5 }, () => createClientSecret(owner.id, id)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db().clientSecret.count({ where: { applicationId: id } })).toBe(2);
  });

  it("refuses secrets for public apps", async () => {
    const { owner, id } = await givenAnApp({ ...CONFIDENTIAL, clientType: "public" });
    expect(await createClientSecret(owner.id, id)).toMatchObject({ ok: false, error: expect.stringMatching(/PKCE/) });
  });
});

describe("revokeAllUserTokens", () => {
  it("ends every grant, code and token of the app but keeps the app and its secrets", async () => {
    const { owner, id } = await givenAnApp();
    for (const name of ["A", "B", "C"]) await createTestGrant((await createTestUser(name)).id, id);
    const other = await givenAnApp();
    await createTestGrant((await createTestUser()).id, other.id);

    expect(await revokeAllUserTokens(owner.id, id)).toEqual({ usersAffected: 3 });
    for (const model of ["grant", "authorizationCode", "tokenFamily"] as const) {
      expect(await (db()[model] as { count: (a: unknown) => Promise<number> }).count({ where: { applicationId: id } })).toBe(0);
    }
    expect(await db().accessToken.count({ where: { family: { applicationId: id } } })).toBe(0);
    expect(await db().refreshToken.count({ where: { family: { applicationId: id } } })).toBe(0);
    expect(await db().clientSecret.count({ where: { applicationId: id } })).toBe(1);
    expect(await db().grant.count({ where: { applicationId: other.id } })).toBe(1);
  });
});

describe("deleteApplication", () => {
  it("needs the exact name typed, then removes the app and everything it issued", async () => {
    const { owner, id } = await givenAnApp();
    await createTestGrant((await createTestUser()).id, id);
    expect(await deleteApplication(owner.id, id, "acme crm")).toEqual({ ok: false, error: expect.stringMatching(/Acme CRM/) });
    expect(await db().application.count({ where: { id } })).toBe(1);
    expect(await deleteApplication(owner.id, id, " Acme CRM ")).toEqual({ ok: true });
    expect(await db().application.count({ where: { id } })).toBe(0);
    expect(await db().grant.count({ where: { applicationId: id } })).toBe(0);
    expect(await db().clientSecret.count({ where: { applicationId: id } })).toBe(0);
  });
});
