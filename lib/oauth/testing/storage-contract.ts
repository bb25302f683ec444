import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { addSeconds } from "@/lib/oauth/clock";
import { digest } from "@/lib/oauth/secrets";
import { newSigningKey, wrappingKeyFrom } from "@/lib/oauth/signing-keys";
import type { GrantType } from "@/lib/oauth/grant-types";
import type { AuthorizationDetails, Client, ClientType, OAuthStorage, RegisteredApi, TokenSet, UserClaims } from "@/lib/oauth/storage";

/**
 * What every implementation of the storage contracts must do, as one suite run against each
 * (memory, Prisma on SQLite, Prisma on PostgreSQL). A new implementation is held to it by one
 * call of describeStorageContract. Single use and the exactly-one-winner races are part of it.
 */

/** An implementation under test, with the set-up the contracts do not cover (apps, users, deletes with their cascades). */
export type StorageHarness = {
  storage: OAuthStorage;
  addClient(type: ClientType, redirectUris: string[]): Promise<{ client: Client; secretDigest: string | null }>;
  addUser(): Promise<UserClaims>;
  /** An operator's approval of a restricted scope for the app. */
  approveScope(applicationId: string, scope: string): Promise<void>;
  /** An operator's approval of an API scope for the app's own tokens (client_credentials). */
  approveServiceAccess(applicationId: string, scope: string): Promise<void>;
  /** The developer's choice of the app's grant types. */
  setGrantTypes(applicationId: string, grantTypes: GrantType[]): Promise<void>;
  /** A user's personal API key, stored by digest, bound to an API or not. */
  addPersonalKey(userId: string, digest: string, scope: string, expiresAt: Date | null, audience?: string | null): Promise<{ id: string }>;
  /** A registered API with one introspection secret. */
  addApi(): Promise<{ api: RegisteredApi; secretDigest: string }>;
  deleteUser(id: string): Promise<void>;
  deleteApplication(id: string): Promise<void>;
  deleteGrant(id: string): Promise<void>;
  /** The account page's "revoke access": the grant goes, and its live refresh tokens are remembered as ended by the user. */
  revokeGrantAsUser(userId: string, grantId: string, at: Date): Promise<void>;
};

const AT = new Date("2026-01-01T00:00:00Z");
const later = (seconds: number) => addSeconds(AT, seconds);
/** The session's sign-in an authorization carries to its ID tokens. */
const SIGNED_IN_AT = later(-120);
const randomDigest = () => digest(randomBytes(32).toString("base64url"));

/** Two APIs and the issuer: an audience as RFC 8707 binds a token with user scopes to them. */
const AUDIENCE = ["https://notes.example/", "https://calendar.example/v1", "https://auth.test"];
const RESOURCES = AUDIENCE.slice(0, 2);

function tokenSet(scope = "user.read", accessAudience: string[] | null = AUDIENCE): TokenSet {
  return { accessDigest: randomDigest(), accessExpiresAt: later(7200), accessScope: scope, accessAudience, refreshDigest: randomDigest(), refreshExpiresAt: later(30 * 86400) };
}

export function describeStorageContract(name: string, harness: () => Promise<StorageHarness>) {
  /** A client, a user, their grant, and a stored, unused code. */
  async function givenACode(h: StorageHarness, scope = "email user.read") {
    const { client } = await h.addClient("confidential", ["https://client.example/cb"]);
    const user = await h.addUser();
    const grant = await h.storage.grants.saveGrant(user.id, client.id, scope, AT);
    const codeDigest = randomDigest();
    const details = {
      applicationId: client.id,
      userId: user.id,
      grantId: grant.id,
      redirectUri: "https://client.example/cb",
      redirectUriSent: true,
      scope,
      codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGeSJMmizM",
      nonce: "n-0S6_WzA2Mj",
      authTime: SIGNED_IN_AT,
      resource: RESOURCES,
      expiresAt: later(300),
    };
    await h.storage.codes.createCode(codeDigest, details);
    const code = (await h.storage.codes.findCode(codeDigest))!;
    return { client, user, grant, code, codeDigest, details };
  }

  /** A redeemed code: a token family with one access and one refresh token. */
  async function givenTokens(h: StorageHarness) {
    const issued = await givenACode(h);
    const tokens = tokenSet(issued.code.scope);
    expect(await h.storage.codes.redeemCode(issued.code, AT, later(90 * 86400), tokens)).toBe(true);
    const refresh = (await h.storage.tokens.findRefreshToken(tokens.refreshDigest))!;
    return { ...issued, tokens, refresh };
  }

  describe(`storage contract: ${name}`, () => {
    describe("signing keys", () => {
      const wrapping = wrappingKeyFrom("the storage contract's key-encryption secret!");

      /** The next generation of `alg` in this storage (a database harness keeps what earlier tests stored). */
      const nextGeneration = async (h: StorageHarness, alg: string) => Math.max(0, ...(await h.storage.signingKeys.listSigningKeys()).filter((k) => k.alg === alg).map((k) => k.generation)) + 1;

      it("stores one key of a generation however many instances race, and lists it as stored", async () => {
        const h = await harness();
        const generation = await nextGeneration(h, "ES256");
        const racing = await Promise.all([1, 2, 3].map(() => newSigningKey("ES256", generation, AT, wrapping, AT)));
        const won = await Promise.all(racing.map((key) => h.storage.signingKeys.insertSigningKey(key)));
        expect(won.filter(Boolean)).toHaveLength(1);
        const stored = (await h.storage.signingKeys.listSigningKeys()).filter((k) => racing.some((r) => r.kid === k.kid));
        expect(stored).toEqual([racing[won.indexOf(true)]]);
      });

      it("retires the algorithm's current key when a later generation is stored, at its activation; other algorithms keep theirs", async () => {
        const h = await harness();
        const rs1 = await newSigningKey("RS256", await nextGeneration(h, "RS256"), AT, wrapping, AT);
        const es1 = await newSigningKey("ES256", await nextGeneration(h, "ES256"), AT, wrapping, AT);
        expect(await h.storage.signingKeys.insertSigningKey(rs1)).toBe(true);
        expect(await h.storage.signingKeys.insertSigningKey(es1)).toBe(true);
        const rs2 = await newSigningKey("RS256", rs1.generation + 1, later(600), wrapping, later(1));
        expect(await h.storage.signingKeys.insertSigningKey(rs2)).toBe(true);
        const byKid = new Map((await h.storage.signingKeys.listSigningKeys()).map((k) => [k.kid, k]));
        expect(byKid.get(rs1.kid)?.retiresAt).toEqual(later(600));
        expect(byKid.get(rs2.kid)?.retiresAt).toBeNull();
        if (es1.generation === 1) expect(byKid.get(es1.kid)?.retiresAt).toBeNull();
        await h.storage.signingKeys.resealSigningKeys([{ kid: es1.kid, sealedPrivateJwk: "resealed", wrappingKeyId: "other" }]);
        expect((await h.storage.signingKeys.listSigningKeys()).find((k) => k.kid === es1.kid)).toMatchObject({ sealedPrivateJwk: "resealed", wrappingKeyId: "other", publicJwk: es1.publicJwk });
      });
    });

    describe("clients", () => {
      it("finds an app by client_id and by id, with its redirect URIs in order, and nothing for an unknown one", async () => {
        const h = await harness();
        const { client, secretDigest } = await h.addClient("confidential", ["https://b.example/cb", "https://a.example/cb"]);
        expect(await h.storage.clients.findClient(client.clientId)).toEqual(client);
        expect(await h.storage.clients.findClientByApplicationId(client.id)).toEqual(client);
        expect(client).toMatchObject({ clientType: "confidential", redirectUris: ["https://b.example/cb", "https://a.example/cb"], name: "Contract App", description: "Made by the contract" });
        expect(await h.storage.clients.findClient("no-such-client")).toBeNull();
        const secrets = await h.storage.clients.findSecretDigests(client.id);
        expect(secrets.map((s) => s.digest)).toEqual([secretDigest]);
        await h.storage.clients.markSecretUsed(secrets[0]!.id, AT);
        expect(await h.storage.clients.findSecretDigests(client.id)).toEqual(secrets);
      });

      it("lists the restricted scopes approved for an app, sorted", async () => {
        const h = await harness();
        const { client } = await h.addClient("confidential", ["https://a.example/cb"]);
        expect(client.approvedScopes).toEqual([]);
        await h.approveScope(client.id, "notes.admin");
        await h.approveScope(client.id, "billing.read");
        expect((await h.storage.clients.findClient(client.clientId))!.approvedScopes).toEqual(["billing.read", "notes.admin"]);
      });

      it("gives an app the code flow with refresh by default, the grant types its developer chose, and its service scopes, sorted", async () => {
        const h = await harness();
        const { client } = await h.addClient("confidential", ["https://a.example/cb"]);
        expect(client).toMatchObject({ grantTypes: ["authorization_code", "refresh_token"], serviceScopes: [] });
        await h.setGrantTypes(client.id, ["client_credentials", "authorization_code", "refresh_token"]);
        await h.approveServiceAccess(client.id, "notes.write");
        await h.approveServiceAccess(client.id, "notes.read");
        // A restricted-scope approval is for users' tokens: it is not a service scope.
        await h.approveScope(client.id, "billing.read");
        expect(await h.storage.clients.findClient(client.clientId)).toMatchObject({
          grantTypes: ["authorization_code", "refresh_token", "client_credentials"],
          serviceScopes: ["notes.read", "notes.write"],
          approvedScopes: ["billing.read"],
        });
      });

      it("stores a public client's type and no secret", async () => {
        const h = await harness();
        const { client } = await h.addClient("public", ["com.example.app:/cb"]);
        expect(await h.storage.clients.findClient(client.clientId)).toMatchObject({ clientType: "public", redirectUris: ["com.example.app:/cb"] });
        expect(await h.storage.clients.findSecretDigests(client.id)).toEqual([]);
      });
    });

    describe("registered APIs", () => {
      it("finds an API by its API ID with its secrets, and nothing for an unknown ID", async () => {
        const h = await harness();
        const { api, secretDigest } = await h.addApi();
        expect(await h.storage.apis.findApi(api.apiId)).toEqual(api);
        expect(api.identifier).toMatch(/^https:\/\//);
        expect(await h.storage.apis.findApi("api_AAAAAAAAAAAAAAAA")).toBeNull();
        const secrets = await h.storage.apis.findApiSecretDigests(api.id);
        expect(secrets.map((s) => s.digest)).toEqual([secretDigest]);
        await h.storage.apis.markApiSecretUsed(secrets[0]!.id, AT);
        expect(await h.storage.apis.findApiSecretDigests(api.id)).toEqual(secrets);
        // An API's ID is not a client ID, nor the other way round.
        expect(await h.storage.clients.findClient(api.apiId)).toBeNull();
      });
    });

    describe("personal API keys", () => {
      it("finds a key by digest with its user, scope and expiry, records its use, and loses it with its user", async () => {
        const h = await harness();
        const user = await h.addUser();
        const keyDigest = randomDigest();
        const { id } = await h.addPersonalKey(user.id, keyDigest, "email user.read", later(86400));
        expect(await h.storage.keys.findPersonalKey(keyDigest)).toEqual({ id, userId: user.id, scope: "email user.read", audience: null, createdAt: expect.any(Date), expiresAt: later(86400) });
        const bound = randomDigest();
        await h.addPersonalKey(user.id, bound, "user.read", null, "https://notes.example/");
        expect((await h.storage.keys.findPersonalKey(bound))!.audience).toBe("https://notes.example/");
        const forever = randomDigest();
        await h.addPersonalKey(user.id, forever, "user.read", null);
        expect((await h.storage.keys.findPersonalKey(forever))!.expiresAt).toBeNull();
        await h.storage.keys.markPersonalKeyUsed(id, AT);
        expect(await h.storage.keys.findPersonalKey(randomDigest())).toBeNull();
        await h.deleteUser(user.id);
        expect(await h.storage.keys.findPersonalKey(keyDigest)).toBeNull();
      });
    });

    describe("grants and consent", () => {
      it("creates a grant, then widens it, never narrowing", async () => {
        const h = await harness();
        const { client } = await h.addClient("confidential", ["https://client.example/cb"]);
        const user = await h.addUser();
        expect(await h.storage.grants.findGrant(user.id, client.id)).toBeNull();
        const first = await h.storage.grants.saveGrant(user.id, client.id, "email user.read", AT);
        const second = await h.storage.grants.saveGrant(user.id, client.id, "profile user.read", later(60));
        expect(second.id).toBe(first.id);
        expect(second.scope).toBe("email profile user.read");
        expect(await h.storage.grants.findGrant(user.id, client.id)).toMatchObject({ id: first.id, scope: "email profile user.read" });
      });

      it("makes one grant and loses no scope when approvals race", async () => {
        const h = await harness();
        const { client } = await h.addClient("confidential", ["https://client.example/cb"]);
        for (let round = 0; round < 3; round++) {
          const user = await h.addUser();
          const saved = await Promise.all(
            ["email user.read", "profile user.read", "email profile user.read", "user.read"].map((scope) => h.storage.grants.saveGrant(user.id, client.id, scope, AT)),
          );
          expect(new Set(saved.map((g) => g.id)).size).toBe(1);
          expect((await h.storage.grants.findGrant(user.id, client.id))?.scope).toBe("email profile user.read");
        }
      });

      it("stores a consent request as shown and lets exactly one of many answers consume it", async () => {
        const h = await harness();
        const { client } = await h.addClient("confidential", ["https://client.example/cb"]);
        const user = await h.addUser();
        const details: AuthorizationDetails = {
          applicationId: client.id,
          userId: user.id,
          redirectUri: "https://client.example/cb",
          redirectUriSent: false,
          scope: "user.read",
          state: "a b&c",
          codeChallenge: null,
          nonce: "a nonce, as sent",
          authTime: SIGNED_IN_AT,
          resource: RESOURCES,
        };
        const handleDigest = randomDigest();
        await h.storage.grants.createPendingAuthorization(handleDigest, details, later(600), 10);
        const pending = (await h.storage.grants.findPendingAuthorization(handleDigest))!;
        expect(pending).toEqual({ ...details, id: expect.any(String), expiresAt: later(600), usedAt: null });
        expect(await h.storage.grants.findPendingAuthorization(randomDigest())).toBeNull();
        const answers = await Promise.all(Array.from({ length: 5 }, () => h.storage.grants.consumePendingAuthorization(pending.id, AT)));
        expect(answers.filter(Boolean)).toHaveLength(1);
        expect((await h.storage.grants.findPendingAuthorization(handleDigest))?.usedAt).toEqual(AT);
      });
    });

    describe("bounded consent requests", () => {
      it("keeps only the newest requests of a user beyond the cap, and other users' alone", async () => {
        const h = await harness();
        const { client } = await h.addClient("confidential", ["https://client.example/cb"]);
        const [user, other] = [await h.addUser(), await h.addUser()];
        const details = (userId: string) => ({ applicationId: client.id, userId, redirectUri: "https://client.example/cb", redirectUriSent: true, scope: "user.read", state: null, codeChallenge: null, nonce: null, authTime: null, resource: [] });
        const otherDigest = randomDigest();
        await h.storage.grants.createPendingAuthorization(otherDigest, details(other.id), later(600), 3);
        const digests: string[] = [];
        for (let i = 0; i < 5; i++) {
          digests.push(randomDigest());
          await h.storage.grants.createPendingAuthorization(digests[i]!, details(user.id), later(600), 3);
          await new Promise((resolve) => setTimeout(resolve, 5)); // distinct creation times
        }
        const kept = await Promise.all(digests.map((d) => h.storage.grants.findPendingAuthorization(d)));
        expect(kept.map((p) => p !== null)).toEqual([false, false, true, true, true]);
        expect(await h.storage.grants.findPendingAuthorization(otherDigest)).not.toBeNull();
      });
    });

    describe("codes", () => {
      it("stores a code by digest with everything it is bound to", async () => {
        const h = await harness();
        const { code, details } = await givenACode(h);
        expect(code).toEqual({ ...details, id: expect.any(String), usedAt: null });
        expect(await h.storage.codes.findCode(randomDigest())).toBeNull();
      });

      it("redeems a code once: a family with an access and a refresh token, bound to the app, user and grant", async () => {
        const h = await harness();
        const { client, user, grant, code, codeDigest, tokens } = await givenTokens(h);
        expect((await h.storage.codes.findCode(codeDigest))?.usedAt).toEqual(AT);
        expect(await h.storage.codes.redeemCode(code, later(1), later(90 * 86400), tokenSet())).toBe(false);

        expect(await h.storage.tokens.findAccessToken(tokens.accessDigest)).toEqual({
          id: expect.any(String),
          familyId: expect.any(String),
          applicationId: client.id,
          clientId: client.clientId,
          userId: user.id,
          scope: "email user.read",
          audience: AUDIENCE,
          grantScope: "email user.read",
          createdAt: AT,
          expiresAt: later(7200),
          revokedAt: null,
          familyRevokedAt: null,
        });
        expect(await h.storage.tokens.findRefreshToken(tokens.refreshDigest)).toEqual({
          id: expect.any(String),
          familyId: expect.any(String),
          authTime: SIGNED_IN_AT,
          applicationId: client.id,
          userId: user.id,
          grantId: grant.id,
          familyScope: "email user.read",
          familyResource: RESOURCES,
          grantScope: "email user.read",
          familyExpiresAt: later(90 * 86400),
          familyRevokedAt: null,
          createdAt: AT,
          expiresAt: later(30 * 86400),
          usedAt: null,
          revokedAt: null,
        });
      });

      it("reads each token with the scope its grant holds now, not the one it held at issue", async () => {
        const h = await harness();
        const { client, user, tokens } = await givenTokens(h);
        await h.storage.grants.saveGrant(user.id, client.id, "profile", later(1));
        expect(await h.storage.tokens.findAccessToken(tokens.accessDigest)).toMatchObject({ scope: "email user.read", grantScope: "email profile user.read" });
        expect(await h.storage.tokens.findRefreshToken(tokens.refreshDigest)).toMatchObject({ familyScope: "email user.read", grantScope: "email profile user.read" });
      });

      it("lets exactly one of many concurrent redemptions win, and stores only the winner's tokens", async () => {
        const h = await harness();
        const { code } = await givenACode(h);
        const sets = Array.from({ length: 8 }, () => tokenSet());
        const results = await Promise.all(sets.map((tokens) => h.storage.codes.redeemCode(code, AT, later(90 * 86400), tokens)));
        expect(results.filter(Boolean)).toHaveLength(1);
        const stored = await Promise.all(sets.map((tokens) => h.storage.tokens.findAccessToken(tokens.accessDigest)));
        expect(stored.filter((t) => t !== null)).toHaveLength(1);
        expect(stored.findIndex((t) => t !== null)).toBe(results.indexOf(true));
      });

      it("revokes every token issued from a code", async () => {
        const h = await harness();
        const { code, tokens } = await givenTokens(h);
        await h.storage.codes.revokeTokensOfCode(code.id, later(5));
        expect((await h.storage.tokens.findAccessToken(tokens.accessDigest))?.familyRevokedAt).toEqual(later(5));
        expect((await h.storage.tokens.findRefreshToken(tokens.refreshDigest))?.familyRevokedAt).toEqual(later(5));
      });
    });

    describe("token families", () => {
      it("rotates a refresh token: the old one is used, its access token ends, the new pair is stored", async () => {
        const h = await harness();
        const { refresh, tokens } = await givenTokens(h);
        const next = tokenSet("user.read");
        expect(await h.storage.tokens.rotateRefreshToken(refresh, later(60), next)).toBe(true);
        expect((await h.storage.tokens.findRefreshToken(tokens.refreshDigest))?.usedAt).toEqual(later(60));
        expect((await h.storage.tokens.findAccessToken(tokens.accessDigest))?.revokedAt).toEqual(later(60));
        expect(await h.storage.tokens.findAccessToken(next.accessDigest)).toMatchObject({ scope: "user.read", createdAt: later(60), revokedAt: null });
        expect(await h.storage.tokens.findRefreshToken(next.refreshDigest)).toMatchObject({ familyId: refresh.familyId, familyScope: "email user.read", usedAt: null });
        expect(await h.storage.tokens.rotateRefreshToken(refresh, later(61), tokenSet())).toBe(false);
      });

      it("lets exactly one of many concurrent rotations win", async () => {
        const h = await harness();
        const { refresh } = await givenTokens(h);
        const sets = Array.from({ length: 8 }, () => tokenSet());
        const results = await Promise.all(sets.map((tokens) => h.storage.tokens.rotateRefreshToken(refresh, later(60), tokens)));
        expect(results.filter(Boolean)).toHaveLength(1);
        const stored = await Promise.all(sets.map((tokens) => h.storage.tokens.findRefreshToken(tokens.refreshDigest)));
        expect(stored.filter((t) => t !== null)).toHaveLength(1);
      });

      it("revokes a family with the tokens a rotation issued into it, and refuses to rotate in a revoked family", async () => {
        const h = await harness();
        const { refresh, tokens } = await givenTokens(h);
        const next = tokenSet();
        expect(await h.storage.tokens.rotateRefreshToken(refresh, later(60), next)).toBe(true);
        await h.storage.tokens.revokeFamily(refresh.familyId, later(120));
        expect((await h.storage.tokens.findAccessToken(next.accessDigest))?.familyRevokedAt).toEqual(later(120));
        expect((await h.storage.tokens.findAccessToken(tokens.accessDigest))?.familyRevokedAt).toEqual(later(120));
        const newest = (await h.storage.tokens.findRefreshToken(next.refreshDigest))!;
        expect(newest.familyRevokedAt).toEqual(later(120));
        expect(await h.storage.tokens.rotateRefreshToken(newest, later(180), tokenSet())).toBe(false);
        // Revoking again keeps the first time.
        await h.storage.tokens.revokeFamily(refresh.familyId, later(240));
        expect((await h.storage.tokens.findRefreshToken(next.refreshDigest))?.familyRevokedAt).toEqual(later(120));
      });

      it("revokes one access token alone", async () => {
        const h = await harness();
        const { refresh, tokens } = await givenTokens(h);
        const access = (await h.storage.tokens.findAccessToken(tokens.accessDigest))!;
        await h.storage.tokens.revokeAccessToken(access.id, later(5));
        expect(await h.storage.tokens.findAccessToken(tokens.accessDigest)).toMatchObject({ revokedAt: later(5), familyRevokedAt: null });
        expect(await h.storage.tokens.findRefreshToken(tokens.refreshDigest)).toMatchObject({ revokedAt: null, familyRevokedAt: null });
        expect(await h.storage.tokens.rotateRefreshToken(refresh, later(6), tokenSet())).toBe(true);
      });

      it("finds nothing for unknown digests", async () => {
        const h = await harness();
        expect(await h.storage.tokens.findAccessToken(randomDigest())).toBeNull();
        expect(await h.storage.tokens.findRefreshToken(randomDigest())).toBeNull();
      });
    });

    describe("service tokens", () => {
      it("stores an app's token for itself by digest, finds it with the app's client_id, revokes it once, and deletes it with the app", async () => {
        const h = await harness();
        const { client } = await h.addClient("confidential", ["https://a.example/cb"]);
        const tokenDigest = randomDigest();
        await h.storage.services.issueServiceToken(tokenDigest, { applicationId: client.id, scope: "notes.read notes.write", audience: "https://notes.example/", expiresAt: later(3600) }, AT);
        const found = await h.storage.services.findServiceToken(tokenDigest);
        expect(found).toEqual({
          id: expect.any(String),
          applicationId: client.id,
          clientId: client.clientId,
          scope: "notes.read notes.write",
          audience: "https://notes.example/",
          createdAt: AT,
          expiresAt: later(3600),
          revokedAt: null,
        });
        expect(await h.storage.services.findServiceToken(randomDigest())).toBeNull();
        // Not an access token of a family: the two lookups never find each other's.
        expect(await h.storage.tokens.findAccessToken(tokenDigest)).toBeNull();
        await h.storage.services.revokeServiceToken(found!.id, later(5));
        await h.storage.services.revokeServiceToken(found!.id, later(9));
        expect((await h.storage.services.findServiceToken(tokenDigest))?.revokedAt).toEqual(later(5));
        await h.deleteApplication(client.id);
        expect(await h.storage.services.findServiceToken(tokenDigest)).toBeNull();
      });
    });

    describe("users and deletion", () => {
      it.each(["user", "application", "grant"] as const)("refuses to redeem a code or rotate a token whose %s was deleted after the lookup", async (what) => {
        const h = await harness();
        const issued = await givenACode(h);
        const live = await givenTokens(h);
        const ids = { user: [issued.user.id, live.user.id], application: [issued.client.id, live.client.id], grant: [issued.grant.id, live.grant.id] }[what];
        for (const id of ids) {
          if (what === "user") await h.deleteUser(id);
          if (what === "application") await h.deleteApplication(id);
          if (what === "grant") await h.deleteGrant(id);
        }
        expect(await h.storage.codes.redeemCode(issued.code, AT, later(90 * 86400), tokenSet())).toBe(false);
        expect(await h.storage.tokens.rotateRefreshToken(live.refresh, AT, tokenSet())).toBe(false);
      });

      it("remembers the live refresh tokens of a grant the user revoked, for the app, until they would have expired", async () => {
        const h = await harness();
        const { client, user, grant, tokens } = await givenTokens(h);
        const rotatedAway = await givenTokens(h);
        expect(await h.storage.tokens.findEndedRefreshToken(tokens.refreshDigest)).toBeNull();
        await h.revokeGrantAsUser(user.id, grant.id, AT);
        expect(await h.storage.tokens.findRefreshToken(tokens.refreshDigest)).toBeNull();
        const ended = await h.storage.tokens.findEndedRefreshToken(tokens.refreshDigest);
        expect(ended).toEqual({ applicationId: client.id, reason: "user_revoked", endedAt: AT, expiresAt: tokens.refreshExpiresAt });
        // Another grant's tokens are not touched; an unknown digest is unknown.
        expect(await h.storage.tokens.findEndedRefreshToken(rotatedAway.tokens.refreshDigest)).toBeNull();
        expect(await h.storage.tokens.findEndedRefreshToken(randomDigest())).toBeNull();
        // Deleting the app forgets them.
        await h.deleteApplication(client.id);
        expect(await h.storage.tokens.findEndedRefreshToken(tokens.refreshDigest)).toBeNull();
      });

      it("gives a user's claims", async () => {
        const h = await harness();
        const user = await h.addUser();
        expect(await h.storage.users.findUserClaims(user.id)).toEqual(user);
        expect(await h.storage.users.findUserClaims("no-such-user")).toBeNull();
      });

      it.each(["user", "application", "grant"] as const)("forgets the codes and tokens of a deleted %s", async (what) => {
        const h = await harness();
        const { client, user, grant, codeDigest, tokens } = await givenTokens(h);
        const other = await givenTokens(h);
        if (what === "user") await h.deleteUser(user.id);
        if (what === "application") await h.deleteApplication(client.id);
        if (what === "grant") await h.deleteGrant(grant.id);
        expect(await h.storage.codes.findCode(codeDigest)).toBeNull();
        expect(await h.storage.tokens.findAccessToken(tokens.accessDigest)).toBeNull();
        expect(await h.storage.tokens.findRefreshToken(tokens.refreshDigest)).toBeNull();
        expect(await h.storage.grants.findGrant(user.id, client.id)).toBeNull();
        expect(await h.storage.tokens.findAccessToken(other.tokens.accessDigest)).not.toBeNull();
        if (what === "user") expect(await h.storage.users.findUserClaims(user.id)).toBeNull();
        if (what === "application") expect(await h.storage.clients.findClient(client.clientId)).toBeNull();
      });
    });
  });
}

