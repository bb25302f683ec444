import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/testing/prisma";
import { findUserRole, listOperatorActions } from "@/lib/db/operators";
import { readCatalogueVersion } from "@/lib/db/registered-apis";
import { closeHotPathStorage } from "@/lib/db/sql/connection";
import { databaseStorage } from "@/lib/db/storage";
import { digest } from "@/lib/oauth/secrets";
import { isAccessTokenLive } from "@/lib/oauth/token-lookup";
import { addApiScope, createApiSecret, deleteApi, deleteApiScope, findApiDeletion, getApi, registerApi, removalImpact, revokeApiSecret } from "@/lib/operator/apis";
import { setOperatorRole } from "@/lib/operator/roles";
import { currentScopeCatalogue, resetScopeCatalogue } from "@/lib/scope-catalogue";
import { createTestApplication, createTestOperator, createTestUser } from "@/lib/testing/fixtures";

beforeEach(() => resetScopeCatalogue());
afterAll(closeHotPathStorage);

async function givenAnApi(identifier = `https://notes-${Math.random().toString(36).slice(2, 8)}.example/`) {
  const operator = await createTestOperator();
  const created = await registerApi(operator, { name: "Notes API", identifier });
  if (!created.ok) throw new Error(JSON.stringify(created));
  return { operator, ...created, identifier };
}

/** A user's grant and live token family for an app, carrying `scope`. */
async function givenAuthorization(applicationId: string, scope: string) {
  const user = await createTestUser();
  const grant = await db().grant.create({ data: { userId: user.id, applicationId, scope } });
  const family = await db().tokenFamily.create({
    data: { applicationId, userId: user.id, grantId: grant.id, scope, absoluteExpiresAt: new Date(Date.now() + 86400_000) },
  });
  const access = await db().accessToken.create({ data: { digest: digest(`gat_${family.id}`), familyId: family.id, scope, expiresAt: new Date(Date.now() + 3600_000) } });
  return { user, grant, family, access };
}

describe("the operator role", () => {
  it("is granted and taken by email only for an existing account, and each change is recorded", async () => {
    const user = await createTestUser();
    expect(await setOperatorRole("nobody@example.com", "operator")).toEqual({ ok: false, error: expect.stringMatching(/no Gatehouse account has the email nobody@example.com/) });
    expect(await setOperatorRole("not an email", "operator")).toMatchObject({ ok: false });
    expect(await setOperatorRole(` ${user.email.toUpperCase()} `, "operator")).toEqual({ ok: true, changed: true });
    expect(await findUserRole(user.id)).toBe("operator");
    expect(await setOperatorRole(user.email, "operator")).toEqual({ ok: true, changed: false });
    expect(await setOperatorRole(user.email, "user")).toEqual({ ok: true, changed: true });
    expect(await findUserRole(user.id)).toBe("user");
    const log = (await listOperatorActions(10)).filter((a) => a.subject === user.email);
    expect(log.map((a) => a.action)).toEqual(["operator.remove", "operator.add"]);
  });
});

describe("registered APIs", () => {
  it("stores the identifier in the one form resource indicators compare (RFC 8707): lower-case host, no default port, a path", async () => {
    const operator = await createTestOperator();
    const tag = Math.random().toString(36).slice(2, 8);
    const created = await registerApi(operator, { name: "Notes API", identifier: `HTTPS://Notes-${tag}.Example:443` });
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect((await db().registeredApi.findUniqueOrThrow({ where: { id: created.id } })).identifier).toBe(`https://notes-${tag}.example/`);
  });

  it("registers an API with its first secret, stored only as a digest, and records who did it", async () => {
    const { operator, id, apiId, apiSecret, identifier } = await givenAnApi();
    expect(apiId).toMatch(/^api_[A-Za-z0-9_-]{16}$/);
    expect(apiSecret).toMatch(/^gapi_[A-Za-z0-9_-]{43}$/);
    const stored = await db().apiSecret.findMany({ where: { apiId: id } });
    expect(stored.map((s) => s.digest)).toEqual([digest(apiSecret)]);
    expect(JSON.stringify(await db().registeredApi.findMany({ include: { secrets: true } }))).not.toContain(apiSecret);
    const [entry] = await listOperatorActions(1);
    expect(entry).toMatchObject({ actorEmail: operator.email, action: "api.register", subject: identifier });
  });

  it.each([
    [{ name: "", identifier: "https://a.example" }, "name", /Enter a name/],
    [{ name: "A", identifier: "api.example.com" }, "identifier", /absolute URI/],
    [{ name: "A", identifier: "http://api.example.com" }, "identifier", /https/],
    [{ name: "A", identifier: "https://api.example.com/#x" }, "identifier", /fragment/],
    [{ name: "A", identifier: "https://user:pw@api.example.com" }, "identifier", /password/],
  ])("refuses %j with an error on the field", async (input, field, message) => {
    const result = await registerApi(await createTestOperator(), input);
    expect(result).toMatchObject({ ok: false, fieldErrors: { [field]: expect.stringMatching(message) } });
  });

  it("allows http on loopback, and refuses an identifier already registered", async () => {
    const { identifier } = await givenAnApi("http://localhost:4000/notes");
    expect(identifier).toBe("http://localhost:4000/notes");
    const again = await registerApi(await createTestOperator(), { name: "Other", identifier });
    expect(again).toMatchObject({ ok: false, fieldErrors: { identifier: expect.stringMatching(/Another registered API has this identifier/) } });
  });

  it("rotates with at most two secrets and revokes one", async () => {
    const { operator, id } = await givenAnApi();
    const second = await createApiSecret(operator, id);
    expect(second).toMatchObject({ ok: true });
    expect(await createApiSecret(operator, id)).toEqual({ ok: false, error: expect.stringMatching(/at most 2 secrets/) });
    const api = await getApi(id);
    await revokeApiSecret(operator, id, api.secrets[0]!.id);
    expect((await getApi(id)).secrets).toHaveLength(1);
  });
});

describe("API scopes and the catalogue", () => {
  it("adds a scope to the catalogue every instance reads, bumping the catalogue version", async () => {
    const { operator, id, identifier } = await givenAnApi();
    const before = await readCatalogueVersion();
    expect(await addApiScope(operator, id, { name: "notes.read", description: "Read your notes", restricted: "on" })).toEqual({ ok: true });
    expect(await readCatalogueVersion()).toBe(before + 1);
    const scope = (await currentScopeCatalogue()).find((s) => s.name === "notes.read");
    expect(scope).toEqual({ name: "notes.read", description: "Read your notes", personalData: false, restricted: true, api: identifier });
  });

  it("refuses a name the catalogue already has: built in, or another API's", async () => {
    const { operator, id } = await givenAnApi();
    const other = await givenAnApi();
    await addApiScope(other.operator, other.id, { name: "links.read", description: "Read links" });
    expect(await addApiScope(operator, id, { name: "email", description: "x" })).toMatchObject({ ok: false, fieldErrors: { name: expect.stringMatching(/already exists \(built in/) } });
    expect(await addApiScope(operator, id, { name: "links.read", description: "x" })).toMatchObject({ ok: false, fieldErrors: { name: expect.stringMatching(/belongs to https:/) } });
    expect(await addApiScope(operator, id, { name: "has space", description: "x" })).toMatchObject({ ok: false, fieldErrors: { name: expect.stringMatching(/printable ASCII/) } });
    expect(await addApiScope(operator, id, { name: "notes.read,notes.write", description: "x" })).toMatchObject({ ok: false, fieldErrors: { name: expect.stringMatching(/cannot contain a comma/) } });
  });

  it("deleting a scope ends the live authorizations that carried only it, takes it off the others and from grants, and says whom it affected", async () => {
    const { operator, id } = await givenAnApi();
    expect(await addApiScope(operator, id, { name: "notes.list", description: "List your notes" })).toEqual({ ok: true });
    const app = await createTestApplication();
    const onlyNotes = await givenAuthorization(app.id, "notes.list user.read");
    const notesAndEmail = await givenAuthorization(app.id, "email notes.list user.read");
    const unrelated = await givenAuthorization(app.id, "email user.read");
    const scopeId = (await getApi(id)).scopes[0]!.id;
    const impact = { usersAffected: 2, authorizationsEnded: 1, authorizationsNarrowed: 1 };
    expect(await removalImpact(id, scopeId)).toEqual(impact);

    expect(await deleteApiScope(operator, id, scopeId)).toEqual(impact);
    expect((await listOperatorActions(1))[0]).toMatchObject({ action: "scope.delete", subject: "notes.list", detail: expect.stringMatching(/; 2 users affected, 1 live authorization ended, 1 kept its other scopes$/) });
    const family = (x: { family: { id: string } }) => db().tokenFamily.findUniqueOrThrow({ where: { id: x.family.id } });
    expect((await family(onlyNotes)).revokedAt).not.toBeNull();
    // Its access token is dead through its family's flag (the one meaning of an ended family).
    const token = await databaseStorage().tokens.findAccessToken(onlyNotes.access.digest);
    expect(token?.familyRevokedAt).not.toBeNull();
    expect(token && isAccessTokenLive(token, new Date())).toBe(false);
    expect(await family(notesAndEmail)).toMatchObject({ scope: "email user.read", revokedAt: null });
    expect((await family(unrelated)).revokedAt).toBeNull();
    expect((await db().grant.findUniqueOrThrow({ where: { id: onlyNotes.grant.id } })).scope).toBe("user.read");
    expect((await db().grant.findUniqueOrThrow({ where: { id: notesAndEmail.grant.id } })).scope).toBe("email user.read");
    resetScopeCatalogue();
    expect((await currentScopeCatalogue()).some((s) => s.name === "notes.list")).toBe(false);
  });

  it("deletes an API only when its identifier is typed, with its scopes and secrets", async () => {
    const { operator, id, identifier } = await givenAnApi();
    expect(await addApiScope(operator, id, { name: "notes.write", description: "Write your notes" })).toEqual({ ok: true });
    expect(await deleteApi(operator, id, "wrong")).toEqual({ ok: false, error: `Type the API's identifier, ${identifier}, to confirm` });
    const deleted = await deleteApi(operator, id, ` ${identifier} `);
    expect(deleted).toEqual({ ok: true, impact: { usersAffected: 0, authorizationsEnded: 0, authorizationsNarrowed: 0 }, entryId: expect.any(String) });
    expect(await db().registeredApi.count({ where: { id } })).toBe(0);
    expect(await db().apiSecret.count({ where: { apiId: id } })).toBe(0);
    expect(await db().apiScope.count({ where: { name: "notes.write" } })).toBe(0);
    expect((await listOperatorActions(1))[0]).toMatchObject({ action: "api.delete", subject: identifier });
  });

  it("tells what was deleted from the operator's own audit entry, never from text in the link", async () => {
    const { operator, id, identifier } = await givenAnApi();
    const deleted = await deleteApi(operator, id, identifier);
    if (!deleted.ok) throw new Error("unreachable");
    expect(await findApiDeletion(operator, deleted.entryId)).toEqual({ identifier, detail: "Notes API; 0 users affected, 0 live authorizations ended, 0 kept their other scopes" });
    const other = await createTestOperator();
    expect(await findApiDeletion(other, deleted.entryId)).toBeNull();
    const registered = (await db().operatorAction.findFirstOrThrow({ where: { action: "api.register", subject: identifier } })).id;
    expect(await findApiDeletion(operator, registered)).toBeNull();
    for (const text of ["Re-enter your password at https://evil.example", undefined, ["a", "b"], ""]) expect(await findApiDeletion(operator, text)).toBeNull();
  });
});
