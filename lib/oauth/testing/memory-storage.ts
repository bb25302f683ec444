import { randomUUID } from "node:crypto";
import { mergeScopes } from "@/lib/oauth/scopes";
import { DEFAULT_GRANT_TYPES, GRANT_TYPES, type GrantType } from "@/lib/oauth/grant-types";
import { DEFAULT_ID_TOKEN_ALG, type IdTokenAlg } from "@/lib/oauth/storage";
import type { SigningKeyStore, StoredSigningKey } from "@/lib/oauth/signing-keys";

/** What a test app has unless the test says otherwise. */
type TestDefaults = "id" | "approvedScopes" | "idTokenAlg" | "postLogoutRedirectUris" | "grantTypes" | "serviceScopes";
import type {
  EndedRefreshRecord,
  AccessRecord,
  AuthorizationDetails,
  Client,
  CodeRecord,
  Grant,
  OAuthStorage,
  PendingAuthorization,
  PersonalKeyRecord,
  RefreshRecord,
  RegisteredApi,
  ServiceTokenRecord,
  TokenSet,
  UserClaims,
} from "@/lib/oauth/storage";

type Row<T> = T & { id: string };
type SecretRow = { id: string; applicationId: string; digest: string; lastUsedAt: Date | null };
type PersonalKeyRow = PersonalKeyRecord & { digest: string; lastUsedAt: Date | null };
type ApiSecretRow = { id: string; apiId: string; digest: string; lastUsedAt: Date | null };
type GrantRow = Grant & { userId: string; applicationId: string; lastUsedAt: Date | null };
type FamilyRow = {
  id: string;
  applicationId: string;
  userId: string;
  grantId: string;
  codeId: string | null;
  scope: string;
  resource: string[];
  authTime: Date | null;
  absoluteExpiresAt: Date;
  revokedAt: Date | null;
};
type RefreshRow = { id: string; digest: string; familyId: string; parentId: string | null; createdAt: Date; expiresAt: Date; usedAt: Date | null; revokedAt: Date | null };
type AccessRow = { id: string; digest: string; familyId: string; refreshTokenId: string | null; scope: string; audience: string[] | null; createdAt: Date; expiresAt: Date; revokedAt: Date | null };

/** A table: rows by id, with a unique digest index where the table has one. */
class Table<T extends { id: string }> {
  readonly rows = new Map<string, T>();
  private readonly byDigest = new Map<string, string>();

  insert(row: T & { digest?: string }): T {
    if (row.digest !== undefined) {
      if (this.byDigest.has(row.digest)) throw new Error("unique constraint: digest already stored");
      this.byDigest.set(row.digest, row.id);
    }
    this.rows.set(row.id, row);
    return row;
  }

  findByDigest(digest: string): T | undefined {
    const id = this.byDigest.get(digest);
    return id === undefined ? undefined : this.rows.get(id);
  }

  where(predicate: (row: T) => boolean): T[] {
    return [...this.rows.values()].filter(predicate);
  }

  delete(predicate: (row: T) => boolean): T[] {
    const gone = this.where(predicate);
    for (const row of gone) {
      this.rows.delete(row.id);
      const digest = (row as { digest?: string }).digest;
      if (digest !== undefined) this.byDigest.delete(digest);
    }
    return gone;
  }
}

const copy = <T>(value: T): T => structuredClone(value);

/** A copy of a row as the contracts return it: the digest it is found by stays inside. */
function withoutDigest<T extends { digest: string }>(row: T): Omit<T, "digest"> {
  const out: Partial<T> = copy(row);
  delete out.digest;
  return out as Omit<T, "digest">;
}

/**
 * Every storage contract of the protocol core in plain Maps, for behaviour tests that need no
 * database. Semantics are the database's: unique digests, single use decided by a check and a
 * write with no await between them (so of concurrent calls exactly one wins), cascades on
 * delete, and copies out so a caller cannot change what is stored. Held to the same contract
 * suite as the database storage (lib/db/storage.ts).
 */
export class MemoryStorage implements OAuthStorage {
  private readonly applications = new Table<Row<Client>>();
  private readonly secrets = new Table<SecretRow>();
  private readonly apiRows = new Table<RegisteredApi>();
  private readonly apiSecrets = new Table<ApiSecretRow>();
  private readonly personalKeys = new Table<PersonalKeyRow>();
  private readonly users_ = new Table<Row<UserClaims>>();
  private readonly grantRows = new Table<GrantRow>();
  private readonly pending = new Table<PendingAuthorization & { digest: string }>();
  private readonly codeRows = new Table<CodeRecord & { digest: string }>();
  private readonly families = new Table<FamilyRow>();
  private readonly refreshTokens = new Table<RefreshRow>();
  private readonly accessTokens = new Table<AccessRow>();
  private readonly ended = new Map<string, EndedRefreshRecord>();
  private readonly serviceRows = new Table<Omit<ServiceTokenRecord, "clientId"> & { digest: string }>();

  // ---- What the dashboard and accounts would do: test set-up, with the database's cascades ----

  addClient(client: Omit<Client, TestDefaults> & Partial<Pick<Client, TestDefaults>>): Client {
    if (this.applications.where((a) => a.clientId === client.clientId).length > 0) throw new Error("unique constraint: clientId");
    return copy(
      this.applications.insert({
        ...client,
        approvedScopes: client.approvedScopes ?? [],
        idTokenAlg: client.idTokenAlg ?? DEFAULT_ID_TOKEN_ALG,
        postLogoutRedirectUris: client.postLogoutRedirectUris ?? [],
        grantTypes: client.grantTypes ?? [...DEFAULT_GRANT_TYPES],
        serviceScopes: client.serviceScopes ?? [],
        id: client.id ?? randomUUID(),
      }),
    );
  }

  /** The developer picks the app's ID token algorithm. */
  setIdTokenAlg(applicationId: string, alg: IdTokenAlg): void {
    this.applications.rows.get(applicationId)!.idTokenAlg = alg;
  }

  /** The developer picks the app's grant types. */
  setGrantTypes(applicationId: string, grantTypes: GrantType[]): void {
    this.applications.rows.get(applicationId)!.grantTypes = GRANT_TYPES.filter((g) => grantTypes.includes(g));
  }

  /** An operator's approval of an API scope for the app's own tokens (given: true), or its revocation. */
  setServiceAccess(applicationId: string, scope: string, given: boolean): void {
    const app = this.applications.rows.get(applicationId)!;
    const others = app.serviceScopes.filter((s) => s !== scope);
    app.serviceScopes = (given ? [...others, scope] : others).sort();
  }

  /** The developer edits the app's redirect URIs. */
  setRedirectUris(applicationId: string, redirectUris: string[]): void {
    const app = this.applications.rows.get(applicationId);
    if (!app) throw new Error("no such application");
    app.redirectUris = [...redirectUris];
  }

  /** An operator's approval of a restricted scope for the app (given: true), or its revocation. */
  setScopeApproval(applicationId: string, scope: string, given: boolean): void {
    const app = this.applications.rows.get(applicationId);
    if (!app) throw new Error("no such application");
    const others = app.approvedScopes.filter((s) => s !== scope);
    app.approvedScopes = (given ? [...others, scope] : others).sort();
  }

  addSecretDigest(applicationId: string, digest: string): { id: string } {
    return { id: this.secrets.insert({ id: randomUUID(), applicationId, digest, lastUsedAt: null }).id };
  }

  removeSecret(secretId: string): void {
    this.secrets.delete((s) => s.id === secretId);
  }

  secretLastUsedAt(secretId: string): Date | null {
    return this.secrets.rows.get(secretId)?.lastUsedAt ?? null;
  }

  addApi(api: Omit<RegisteredApi, "id"> & { id?: string }): RegisteredApi {
    if (this.apiRows.where((a) => a.apiId === api.apiId || a.identifier === api.identifier).length > 0) throw new Error("unique constraint: apiId or identifier");
    return copy(this.apiRows.insert({ ...api, id: api.id ?? randomUUID() }));
  }

  addApiSecretDigest(apiId: string, digest: string): { id: string } {
    return { id: this.apiSecrets.insert({ id: randomUUID(), apiId, digest, lastUsedAt: null }).id };
  }

  apiSecretLastUsedAt(secretId: string): Date | null {
    return this.apiSecrets.rows.get(secretId)?.lastUsedAt ?? null;
  }

  deleteApi(id: string): void {
    this.apiRows.delete((a) => a.id === id);
    this.apiSecrets.delete((s) => s.apiId === id);
  }

  addUser(user: Omit<UserClaims, "id"> & { id?: string }): UserClaims {
    return copy(this.users_.insert({ ...user, id: user.id ?? randomUUID() }));
  }

  addPersonalKey(key: Omit<PersonalKeyRecord, "id" | "audience"> & { audience?: string | null }, digest: string): PersonalKeyRecord {
    const row = this.personalKeys.insert({ ...key, audience: key.audience ?? null, id: randomUUID(), digest, lastUsedAt: null });
    return copy({ id: row.id, userId: row.userId, scope: row.scope, audience: row.audience, createdAt: row.createdAt, expiresAt: row.expiresAt });
  }

  removePersonalKey(id: string): void {
    this.personalKeys.delete((k) => k.id === id);
  }

  personalKeyLastUsedAt(id: string): Date | null {
    return this.personalKeys.rows.get(id)?.lastUsedAt ?? null;
  }

  deleteUser(userId: string): void {
    this.users_.delete((u) => u.id === userId);
    this.personalKeys.delete((k) => k.userId === userId);
    this.deleteOwnedBy("userId", userId);
  }

  deleteApplication(applicationId: string): void {
    this.applications.delete((a) => a.id === applicationId);
    this.secrets.delete((s) => s.applicationId === applicationId);
    this.serviceRows.delete((t) => t.applicationId === applicationId);
    this.deleteOwnedBy("applicationId", applicationId);
  }

  /** The grants, open consent screens, codes and token families of a deleted user or app. */
  private deleteOwnedBy(key: "userId" | "applicationId", id: string): void {
    const owned = (row: { userId: string; applicationId: string }) => row[key] === id;
    if (key === "applicationId") for (const [digest, ended] of this.ended) if (ended.applicationId === id) this.ended.delete(digest);
    this.grantRows.delete(owned);
    this.pending.delete(owned);
    this.deleteIssued(owned);
  }

  /** The account page's revocation: the grant goes with what it issued, and the live refresh tokens are remembered as ended by the user. */
  revokeGrantAsUser(grantId: string, at: Date): void {
    const families = new Map(this.families.where((f) => f.grantId === grantId).map((f) => [f.id, f]));
    for (const token of this.refreshTokens.where((t) => families.has(t.familyId) && !t.usedAt && !t.revokedAt && t.expiresAt > at)) {
      const family = families.get(token.familyId)!;
      if (family.revokedAt) continue;
      this.ended.set(token.digest, { applicationId: family.applicationId, reason: "user_revoked", endedAt: at, expiresAt: token.expiresAt });
    }
    this.deleteGrant(grantId);
  }

  /** An operator took scopes off the grant (lib/db/scope-withdrawal.ts), its tokens left as they were. */
  setGrantScope(grantId: string, scope: string): void {
    const grant = this.grantRows.rows.get(grantId);
    if (!grant) throw new Error("no such grant");
    grant.scope = scope;
  }

  deleteGrant(grantId: string): void {
    this.grantRows.delete((g) => g.id === grantId);
    this.deleteIssued((row) => row.grantId === grantId);
  }

  /** Codes and token families (with their tokens) matching the predicate, as the schema's cascades delete them. */
  private deleteIssued(match: (row: { userId: string; applicationId: string; grantId: string }) => boolean): void {
    this.codeRows.delete(match);
    const families = new Set(this.families.delete(match).map((f) => f.id));
    this.refreshTokens.delete((t) => families.has(t.familyId));
    this.accessTokens.delete((t) => families.has(t.familyId));
  }

  // ---- ClientStore ----

  readonly clients = {
    findClient: async (clientId: string) => copy(this.applications.where((a) => a.clientId === clientId)[0] ?? null),
    findClientByApplicationId: async (id: string) => copy(this.applications.rows.get(id) ?? null),
    findSecretDigests: async (applicationId: string) =>
      this.secrets.where((s) => s.applicationId === applicationId).map(({ id, digest }) => ({ id, digest })),
    markSecretUsed: async (secretId: string, at: Date) => {
      const secret = this.secrets.rows.get(secretId);
      if (secret) secret.lastUsedAt = at;
    },
  };

  // ---- ApiStore ----

  readonly apis = {
    findApi: async (apiId: string) => copy(this.apiRows.where((a) => a.apiId === apiId)[0] ?? null),
    findApiSecretDigests: async (id: string) => this.apiSecrets.where((s) => s.apiId === id).map(({ id, digest }) => ({ id, digest })),
    markApiSecretUsed: async (secretId: string, at: Date) => {
      const secret = this.apiSecrets.rows.get(secretId);
      if (secret) secret.lastUsedAt = at;
    },
  };

  // ---- PersonalKeyStore ----

  readonly keys = {
    findPersonalKey: async (digest: string): Promise<PersonalKeyRecord | null> => {
      const row = this.personalKeys.findByDigest(digest);
      if (!row) return null;
      const { id, userId, scope, audience, createdAt, expiresAt } = row;
      return copy({ id, userId, scope, audience, createdAt, expiresAt });
    },
    markPersonalKeyUsed: async (id: string, at: Date) => {
      const row = this.personalKeys.rows.get(id);
      if (row) row.lastUsedAt = at;
    },
  };

  // ---- GrantStore ----

  readonly grants = {
    findGrant: async (userId: string, applicationId: string) => {
      const grant = this.grantRows.where((g) => g.userId === userId && g.applicationId === applicationId)[0];
      return grant ? { id: grant.id, scope: grant.scope, createdAt: grant.createdAt } : null;
    },
    saveGrant: async (userId: string, applicationId: string, scope: string, at: Date): Promise<Grant> => {
      const existing = this.grantRows.where((g) => g.userId === userId && g.applicationId === applicationId)[0];
      const grant = existing ?? this.grantRows.insert({ id: randomUUID(), userId, applicationId, scope, createdAt: at, lastUsedAt: at });
      grant.scope = mergeScopes(grant.scope, scope);
      grant.lastUsedAt = at;
      return { id: grant.id, scope: grant.scope, createdAt: grant.createdAt };
    },
    createPendingAuthorization: async (digest: string, details: AuthorizationDetails, expiresAt: Date, keepAtMost: number) => {
      this.pending.insert({ ...details, id: randomUUID(), digest, expiresAt, usedAt: null });
      // Insertion order is creation order: forget the user's oldest beyond the cap.
      const mine = this.pending.where((p) => p.userId === details.userId);
      const forget = new Set(mine.slice(0, Math.max(0, mine.length - keepAtMost)).map((p) => p.id));
      this.pending.delete((p) => forget.has(p.id));
    },
    findPendingAuthorization: async (digest: string) => {
      const row = this.pending.findByDigest(digest);
      return row ? withoutDigest(row) : null;
    },
    consumePendingAuthorization: async (id: string, at: Date) => {
      const row = this.pending.rows.get(id);
      if (!row || row.usedAt) return false;
      row.usedAt = at;
      return true;
    },
  };

  // ---- CodeStore ----

  readonly codes = {
    createCode: async (digest: string, details: Omit<CodeRecord, "id" | "usedAt">) => {
      this.codeRows.insert({ ...details, id: randomUUID(), digest, usedAt: null });
    },
    findCode: async (digest: string) => {
      const row = this.codeRows.findByDigest(digest);
      return row ? withoutDigest(row) : null;
    },
    redeemCode: async (code: CodeRecord, at: Date, familyExpiresAt: Date, tokens: TokenSet) => {
      const row = this.codeRows.rows.get(code.id);
      if (!row || row.usedAt) return false;
      row.usedAt = at;
      const family = this.families.insert({
        id: randomUUID(),
        applicationId: row.applicationId,
        userId: row.userId,
        grantId: row.grantId,
        codeId: row.id,
        scope: row.scope,
        resource: row.resource,
        authTime: row.authTime,
        absoluteExpiresAt: familyExpiresAt,
        revokedAt: null,
      });
      this.insertTokens(family.id, null, at, tokens);
      this.touchGrant(row.grantId, at);
      return true;
    },
    revokeTokensOfCode: async (codeId: string, at: Date) => {
      for (const family of this.families.where((f) => f.codeId === codeId && !f.revokedAt)) family.revokedAt = at;
    },
  };

  // ---- TokenFamilyStore ----

  readonly tokens = {
    findRefreshToken: async (digest: string): Promise<RefreshRecord | null> => {
      const row = this.refreshTokens.findByDigest(digest);
      const family = row && this.families.rows.get(row.familyId);
      const grant = family && this.grantRows.rows.get(family.grantId);
      if (!row || !family || !grant) return null;
      return copy({
        id: row.id,
        familyId: family.id,
        authTime: family.authTime,
        applicationId: family.applicationId,
        userId: family.userId,
        grantId: family.grantId,
        familyScope: family.scope,
        familyResource: family.resource,
        grantScope: grant.scope,
        familyExpiresAt: family.absoluteExpiresAt,
        familyRevokedAt: family.revokedAt,
        createdAt: row.createdAt,
        expiresAt: row.expiresAt,
        usedAt: row.usedAt,
        revokedAt: row.revokedAt,
      });
    },
    findEndedRefreshToken: async (digest: string): Promise<EndedRefreshRecord | null> => copy(this.ended.get(digest) ?? null),
    rotateRefreshToken: async (old: RefreshRecord, at: Date, tokens: TokenSet) => {
      const row = this.refreshTokens.rows.get(old.id);
      const family = row && this.families.rows.get(row.familyId);
      if (!row || !family || row.usedAt || row.revokedAt || family.revokedAt) return false;
      row.usedAt = at;
      // RFC 6749 §6 / DESIGN: the access tokens issued with the old refresh token stop working.
      for (const access of this.accessTokens.where((a) => a.refreshTokenId === row.id && !a.revokedAt)) access.revokedAt = at;
      this.insertTokens(family.id, row.id, at, tokens);
      this.touchGrant(family.grantId, at);
      return true;
    },
    revokeFamily: async (familyId: string, at: Date) => {
      const family = this.families.rows.get(familyId);
      if (family && !family.revokedAt) family.revokedAt = at;
    },
    findAccessToken: async (digest: string): Promise<AccessRecord | null> => {
      const row = this.accessTokens.findByDigest(digest);
      const family = row && this.families.rows.get(row.familyId);
      const app = family && this.applications.rows.get(family.applicationId);
      const grant = family && this.grantRows.rows.get(family.grantId);
      if (!row || !family || !app || !grant) return null;
      return copy({
        id: row.id,
        familyId: family.id,
        applicationId: family.applicationId,
        clientId: app.clientId,
        userId: family.userId,
        scope: row.scope,
        audience: row.audience,
        grantScope: grant.scope,
        createdAt: row.createdAt,
        expiresAt: row.expiresAt,
        revokedAt: row.revokedAt,
        familyRevokedAt: family.revokedAt,
      });
    },
    revokeAccessToken: async (id: string, at: Date) => {
      const row = this.accessTokens.rows.get(id);
      if (row && !row.revokedAt) row.revokedAt = at;
    },
  };

  // ---- ServiceTokenStore ----

  readonly services = {
    issueServiceToken: async (digest: string, token: Pick<ServiceTokenRecord, "applicationId" | "scope" | "audience" | "expiresAt">, at: Date) => {
      if (!this.applications.rows.has(token.applicationId)) throw new Error("foreign key: no such application");
      this.serviceRows.insert({ ...token, id: randomUUID(), digest, createdAt: at, revokedAt: null });
    },
    findServiceToken: async (digest: string): Promise<ServiceTokenRecord | null> => {
      const row = this.serviceRows.findByDigest(digest);
      const app = row && this.applications.rows.get(row.applicationId);
      if (!row || !app) return null;
      const { id, applicationId, scope, audience, createdAt, expiresAt, revokedAt } = row;
      return copy({ id, applicationId, clientId: app.clientId, scope, audience, createdAt, expiresAt, revokedAt });
    },
    revokeServiceToken: async (id: string, at: Date) => {
      const row = this.serviceRows.rows.get(id);
      if (row && !row.revokedAt) row.revokedAt = at;
    },
  };

  // ---- UserClaimStore ----

  readonly users = {
    findUserClaims: async (userId: string) => copy(this.users_.rows.get(userId) ?? null),
  };

  // ---- SigningKeyStore ----

  private readonly keyRows: StoredSigningKey[] = [];

  readonly signingKeys: SigningKeyStore = {
    listSigningKeys: async () => copy(this.keyRows),
    insertSigningKey: async (key: StoredSigningKey) => {
      if (this.keyRows.some((k) => k.alg === key.alg && k.generation === key.generation)) return false;
      if (key.generation > 1) for (const k of this.keyRows) if (k.alg === key.alg && k.retiresAt === null) k.retiresAt = key.activatesAt;
      this.keyRows.push(copy(key));
      return true;
    },
    resealSigningKeys: async (keys) => {
      for (const { kid, sealedPrivateJwk, wrappingKeyId } of keys) Object.assign(this.keyRows.find((k) => k.kid === kid)!, { sealedPrivateJwk, wrappingKeyId });
    },
  };

  private insertTokens(familyId: string, parentId: string | null, at: Date, tokens: TokenSet): void {
    if (this.refreshTokens.findByDigest(tokens.refreshDigest) || this.accessTokens.findByDigest(tokens.accessDigest)) {
      throw new Error("unique constraint: token digest already stored");
    }
    const refresh = this.refreshTokens.insert({
      id: randomUUID(),
      digest: tokens.refreshDigest,
      familyId,
      parentId,
      createdAt: at,
      expiresAt: tokens.refreshExpiresAt,
      usedAt: null,
      revokedAt: null,
    });
    this.accessTokens.insert({
      id: randomUUID(),
      digest: tokens.accessDigest,
      familyId,
      refreshTokenId: refresh.id,
      scope: tokens.accessScope,
      audience: tokens.accessAudience,
      createdAt: at,
      expiresAt: tokens.accessExpiresAt,
      revokedAt: null,
    });
  }

  private touchGrant(grantId: string, at: Date): void {
    const grant = this.grantRows.rows.get(grantId);
    if (grant) grant.lastUsedAt = at;
  }

  /** The refresh token a rotation replaced, for tests of the rotation chain. */
  parentOfRefreshToken(digest: string): string | null {
    const row = this.refreshTokens.findByDigest(digest);
    return row?.parentId ? (this.refreshTokens.rows.get(row.parentId)?.digest ?? null) : null;
  }
}
