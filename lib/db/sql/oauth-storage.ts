import { z } from "zod";
import { readDate, readOptionalDate, type Row, type SqlDriver, type Statement, type Tx, type TxBody } from "@/lib/db/sql/driver";
import {
  CLIENT_TYPES,
  type AccessRecord,
  type ApiStore,
  type Client,
  type ClientStore,
  type CodeRecord,
  type CodeStore,
  type PersonalKeyStore,
  type RefreshRecord,
  type TokenFamilyStore,
  type UserClaimStore,
} from "@/lib/oauth/storage";
import { keptUntilChangedElsewhere, oncePerTurn } from "@/lib/db/sql/kept-until-changed";
import { clientSecretUsed } from "@/lib/db/applications";
import { codeRedemption, insertCode } from "@/lib/db/codes";
import { personalKeyUsed } from "@/lib/db/personal-keys";
import { apiSecretUsed } from "@/lib/db/registered-apis";
import { grantUsed } from "@/lib/db/grants";
import { endAccessTokens, endFamilies, familyIssue, rotation } from "@/lib/db/token-families";

/**
 * The storage contracts of the protocol endpoints' hot path (clients and secrets, codes, token
 * families, user claims) as prepared SQL on the drivers, without Prisma's query engine. The
 * tables are Prisma's (prisma/schema.prisma); the contract suite runs every statement here
 * against the migrated schema on SQLite and PostgreSQL, so a drift fails a test.
 */
export type HotPathStorage = { clients: ClientStore; apis: ApiStore; codes: CodeStore; tokens: TokenFamilyStore; keys: PersonalKeyStore; users: UserClaimStore };


const storedClientType = z.enum(CLIENT_TYPES);
const storedList = z.array(z.string());

/**
 * Last-used times (of secrets, keys and grants) are written at most once a minute per row by
 * this process: the read path barely writes, and a token request writes only what it must.
 */
const LAST_USED_RESOLUTION_MS = 60_000;
/** Past this many remembered rows, those not written within the resolution are forgotten. */
export const LAST_USED_MEMORY = 10_000;

/** Whether a row's last-used time is due for a write at `at`; when it is, remembers that it was written. */
export function lastUsedCoalescer(): (rowId: string, at: Date) => boolean {
  const written = new Map<string, number>();
  // Written within the resolution before `now` (a clock set back makes every row due again).
  const recent = (time: number, now: number) => now - time < LAST_USED_RESOLUTION_MS && now >= time;
  return (rowId, at) => {
    const now = at.getTime();
    const last = written.get(rowId);
    if (last !== undefined && recent(last, now)) return false;
    if (written.size >= LAST_USED_MEMORY) {
      for (const [id, time] of written) if (!recent(time, now)) written.delete(id);
    }
    written.set(rowId, now);
    return true;
  };
}

/** The app, its owner's name and its redirect URIs in order (a JSON array), in one statement. */
function clientSql(dialect: SqlDriver["dialect"]): string {
  const uris =
    dialect === "sqlite"
      ? `(SELECT json_group_array("uri") FROM (SELECT "uri" FROM "RedirectUri" WHERE "applicationId" = a."id" ORDER BY "position"))`
      : `(SELECT coalesce(json_agg("uri" ORDER BY "position"), '[]'::json)::text FROM "RedirectUri" WHERE "applicationId" = a."id")`;
  const approved =
    dialect === "sqlite"
      ? `(SELECT json_group_array("scope") FROM (SELECT "scope" FROM "ScopeApproval" WHERE "applicationId" = a."id" AND "status" = 'approved' ORDER BY "scope"))`
      : `(SELECT coalesce(json_agg("scope" ORDER BY "scope"), '[]'::json)::text FROM "ScopeApproval" WHERE "applicationId" = a."id" AND "status" = 'approved')`;
  return `SELECT a."id", a."clientId", a."name", a."description", a."clientType", a."homepageUrl", a."privacyPolicyUrl", a."termsUrl", o."name" AS "ownerName",
      ${uris} AS "redirectUris", ${approved} AS "approvedScopes"
    FROM "Application" a JOIN "User" o ON o."id" = a."ownerId"`;
}

const CODE_COLUMNS = `"id", "applicationId", "userId", "grantId", "redirectUri", "redirectUriSent", "scope", "codeChallenge", "expiresAt", "usedAt"`;

const REFRESH_SQL = `SELECT r."id", r."familyId", f."applicationId", f."userId", f."grantId", f."scope" AS "familyScope", g."scope" AS "grantScope",
    f."absoluteExpiresAt" AS "familyExpiresAt", f."revokedAt" AS "familyRevokedAt", r."createdAt", r."expiresAt", r."usedAt", r."revokedAt"
  FROM "RefreshToken" r JOIN "TokenFamily" f ON f."id" = r."familyId" JOIN "Grant" g ON g."id" = f."grantId" WHERE r."digest" = ?`;

const ACCESS_SQL = `SELECT t."id", t."familyId", f."applicationId", a."clientId", f."userId", t."scope", g."scope" AS "grantScope", t."createdAt", t."expiresAt",
    t."revokedAt", f."revokedAt" AS "familyRevokedAt"
  FROM "AccessToken" t JOIN "TokenFamily" f ON f."id" = t."familyId" JOIN "Application" a ON a."id" = f."applicationId"
    JOIN "Grant" g ON g."id" = f."grantId"
  WHERE t."digest" = ?`;

export function sqlHotPathStorage(sql: SqlDriver): HotPathStorage {
  const date = (value: Date) => sql.date(value);
  const secretUseDue = lastUsedCoalescer();
  const grantUseDue = lastUsedCoalescer();

  // Apps, APIs, their secrets and users' claims: kept until the driver's change counter moves
  // (lib/db/sql/kept-until-changed.ts); tokens, codes and families are never kept.
  const changesElsewhere = oncePerTurn(() => sql.changesElsewhere());
  const cached = keptUntilChangedElsewhere(changesElsewhere, 1_000);
  const cachedUser = keptUntilChangedElsewhere(changesElsewhere, 10_000);
  const clientBy = { clientId: `${clientSql(sql.dialect)} WHERE a."clientId" = ?`, id: `${clientSql(sql.dialect)} WHERE a."id" = ?` };

  async function findClientWhere(column: keyof typeof clientBy, value: string): Promise<Client | null> {
    const [app] = await sql.all(clientBy[column], [value]);
    if (!app) return null;
    return {
      id: String(app.id),
      clientId: String(app.clientId),
      name: String(app.name),
      description: (app.description as string | null) ?? null,
      clientType: storedClientType.parse(app.clientType),
      redirectUris: storedList.parse(JSON.parse(String(app.redirectUris))),
      homepageUrl: (app.homepageUrl as string | null) ?? null,
      privacyPolicyUrl: (app.privacyPolicyUrl as string | null) ?? null,
      termsUrl: (app.termsUrl as string | null) ?? null,
      ownerName: String(app.ownerName),
      approvedScopes: storedList.parse(JSON.parse(String(app.approvedScopes))),
    };
  }

  /** A credential's last use, written by its own module's statement when it is due. */
  async function markUsed(used: (tx: Tx, id: string, at: Date) => TxBody<void>, secretId: string, at: Date): Promise<void> {
    if (!secretUseDue(secretId, at)) return;
    await sql.autocommit((tx) => used(tx, secretId, at));
  }

  /** The grant's last-used time, when it is due (a statement of the token request's own batch). */
  const touchGrant = (grantId: string, at: Date): Statement[] => (grantUseDue(grantId, at) ? [grantUsed(date, grantId, at)] : []);

  const clients: ClientStore = {
    findClient: (clientId) => cached(`client ${clientId}`, () => findClientWhere("clientId", clientId)),
    findClientByApplicationId: (id) => cached(`application ${id}`, () => findClientWhere("id", id)),
    async findSecretDigests(applicationId) {
      const secrets = await cached(`client secrets ${applicationId}`, async () => {
        const rows = await sql.all<{ id: string; digest: string }>(`SELECT "id", "digest" FROM "ClientSecret" WHERE "applicationId" = ?`, [applicationId]);
        return rows.map(({ id, digest }) => ({ id, digest }));
      });
      return secrets ?? [];
    },
    markSecretUsed: (secretId, at) => markUsed(clientSecretUsed, secretId, at),
  };

  const toCode = (row: Row): CodeRecord => ({
    id: String(row.id),
    applicationId: String(row.applicationId),
    userId: String(row.userId),
    grantId: String(row.grantId),
    redirectUri: String(row.redirectUri),
    redirectUriSent: Boolean(row.redirectUriSent),
    scope: String(row.scope),
    codeChallenge: (row.codeChallenge as string | null) ?? null,
    expiresAt: readDate(row.expiresAt),
    usedAt: readOptionalDate(row.usedAt),
  });

  const codes: CodeStore = {
    async createCode(digest, d) {
      await sql.autocommit((tx) => insertCode(tx, digest, d, new Date()));
    },
    async findCode(digest) {
      const [row] = await sql.all(`SELECT ${CODE_COLUMNS} FROM "AuthorizationCode" WHERE "digest" = ?`, [digest]);
      return row ? toCode(row) : null;
    },
    redeemCode(code, at, familyExpiresAt, tokens) {
      // The conditional update picks the one winner among concurrent redemptions.
      return sql.guardedBatch(codeRedemption(date, code, at), [
        ...familyIssue(date, code, at, familyExpiresAt, tokens),
        ...touchGrant(code.grantId, at),
      ]);
    },
    async revokeTokensOfCode(codeId, at) {
      await sql.autocommit((tx) => endFamilies(tx, { codeId }, at));
    },
  };

  const tokens: TokenFamilyStore = {
    async findRefreshToken(digest) {
      const [row] = await sql.all(REFRESH_SQL, [digest]);
      if (!row) return null;
      const record: RefreshRecord = {
        id: String(row.id),
        familyId: String(row.familyId),
        applicationId: String(row.applicationId),
        userId: String(row.userId),
        grantId: String(row.grantId),
        familyScope: String(row.familyScope),
        grantScope: String(row.grantScope),
        familyExpiresAt: readDate(row.familyExpiresAt),
        familyRevokedAt: readOptionalDate(row.familyRevokedAt),
        createdAt: readDate(row.createdAt),
        expiresAt: readDate(row.expiresAt),
        usedAt: readOptionalDate(row.usedAt),
        revokedAt: readOptionalDate(row.revokedAt),
      };
      return record;
    },
    async findEndedRefreshToken(digest) {
      const [row] = await sql.all(`SELECT "applicationId", "reason", "endedAt", "expiresAt" FROM "EndedRefreshToken" WHERE "digest" = ?`, [digest]);
      if (!row || row.reason !== "user_revoked") return null;
      return { applicationId: String(row.applicationId), reason: "user_revoked", endedAt: readDate(row.endedAt), expiresAt: readDate(row.expiresAt) };
    },
    rotateRefreshToken(old, at, next) {
      const { guard, then } = rotation(date, old, at, next);
      return sql.guardedBatch(guard, [...then, ...touchGrant(old.grantId, at)]);
    },
    async revokeFamily(familyId, at) {
      await sql.autocommit((tx) => endFamilies(tx, { ids: [familyId] }, at));
    },
    async findAccessToken(digest) {
      const [row] = await sql.all(ACCESS_SQL, [digest]);
      if (!row) return null;
      const record: AccessRecord = {
        id: String(row.id),
        familyId: String(row.familyId),
        applicationId: String(row.applicationId),
        clientId: String(row.clientId),
        userId: String(row.userId),
        scope: String(row.scope),
        grantScope: String(row.grantScope),
        createdAt: readDate(row.createdAt),
        expiresAt: readDate(row.expiresAt),
        revokedAt: readOptionalDate(row.revokedAt),
        familyRevokedAt: readOptionalDate(row.familyRevokedAt),
      };
      return record;
    },
    async revokeAccessToken(id, at) {
      await sql.autocommit((tx) => endAccessTokens(tx, [id], at));
    },
  };

  const apis: ApiStore = {
    findApi: (apiId) => cached(`api ${apiId}`, async () => {
      const [row] = await sql.all<{ id: string; apiId: string; name: string; identifier: string }>(
        `SELECT "id", "apiId", "name", "identifier" FROM "RegisteredApi" WHERE "apiId" = ?`,
        [apiId],
      );
      return row ? { id: row.id, apiId: row.apiId, name: row.name, identifier: row.identifier } : null;
    }),
    async findApiSecretDigests(id) {
      const secrets = await cached(`api secrets ${id}`, async () => {
        const rows = await sql.all<{ id: string; digest: string }>(`SELECT "id", "digest" FROM "ApiSecret" WHERE "apiId" = ?`, [id]);
        return rows.map(({ id: secretId, digest }) => ({ id: secretId, digest }));
      });
      return secrets ?? [];
    },
    markApiSecretUsed: (secretId, at) => markUsed(apiSecretUsed, secretId, at),
  };

  const keys: PersonalKeyStore = {
    async findPersonalKey(digest) {
      const [row] = await sql.all(`SELECT "id", "userId", "scope", "createdAt", "expiresAt" FROM "PersonalKey" WHERE "digest" = ?`, [digest]);
      if (!row) return null;
      return { id: String(row.id), userId: String(row.userId), scope: String(row.scope), createdAt: readDate(row.createdAt), expiresAt: readOptionalDate(row.expiresAt) };
    },
    markPersonalKeyUsed: (id, at) => markUsed(personalKeyUsed, id, at),
  };

  const users: UserClaimStore = {
    findUserClaims: (userId) =>
      cachedUser(userId, async () => {
        const [row] = await sql.all<{ id: string; name: string; username: string; email: string }>(`SELECT "id", "name", "username", "email" FROM "User" WHERE "id" = ?`, [userId]);
        return row ? { id: row.id, name: row.name, username: row.username, email: row.email } : null;
      }),
  };

  return { clients, apis, codes, tokens, keys, users };
}
