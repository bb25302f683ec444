import { placeholders, readDate, readOptionalDate, type Statement, type Tx, type TxBody } from "@/lib/db/sql/driver";
import { newRecordId } from "@/lib/db/sql/record-id";
import type { CodeRecord, RefreshRecord, TokenSet, AccessRecord, TokenFamilyStore } from "@/lib/oauth/storage";
import type { HotPath } from "@/lib/db/sql/hot-path";

/**
 * Token families with their access and refresh tokens, and the record of refresh tokens a user
 * ended: the only code that writes those tables. A family ends by its flag alone (DESIGN.md):
 * every token of it is dead because its family is (lib/oauth/token-lookup.ts), and the tokens are
 * left as they are; a family already ended keeps the time it ended. endFamilies is the one way a
 * family ends, whoever ends it: revocation and a replayed code or refresh token (the protocol),
 * the account page, an app's developer, scope removal, an app that loses an approval.
 */

/** The families to end: by id, those a code issued, those of a grant, those of an app. */
export type Families = { ids: readonly string[] } | { codeId: string } | { grantId: string } | { applicationId: string };

function familiesWhere(which: Families): { sql: string; params: unknown[] } {
  if ("ids" in which) return { sql: `"id" IN (${placeholders(which.ids.length)})`, params: [...which.ids] };
  if ("codeId" in which) return { sql: `"codeId" = ?`, params: [which.codeId] };
  if ("grantId" in which) return { sql: `"grantId" = ?`, params: [which.grantId] };
  return { sql: `"applicationId" = ?`, params: [which.applicationId] };
}

/**
 * Ends families now. When the user ended them (`reason`), each live refresh token of them is
 * remembered until it would have expired, so that the app is told why it stopped working once
 * the grant (and with it the family) is deleted. Returns how many families ended.
 */
export function* endFamilies(tx: Tx, which: Families, at: Date, reason?: "user_revoked"): TxBody<number> {
  if ("ids" in which && which.ids.length === 0) return 0;
  const where = familiesWhere(which);
  if (reason) {
    yield* tx.run(
      `INSERT INTO "EndedRefreshToken" ("digest", "applicationId", "reason", "endedAt", "expiresAt")
       SELECT r."digest", f."applicationId", ?, ?, r."expiresAt" FROM "RefreshToken" r JOIN "TokenFamily" f ON f."id" = r."familyId"
       WHERE f."id" IN (SELECT "id" FROM "TokenFamily" WHERE ${where.sql} AND "revokedAt" IS NULL)
         AND r."usedAt" IS NULL AND r."revokedAt" IS NULL AND r."expiresAt" > ?
       ON CONFLICT ("digest") DO NOTHING`,
      [reason, tx.date(at), ...where.params, tx.date(at)],
    );
  }
  return yield* tx.run(`UPDATE "TokenFamily" SET "revokedAt" = ? WHERE ${where.sql} AND "revokedAt" IS NULL`, [tx.date(at), ...where.params]);
}

/** Families that live on with a narrower scope: one statement per new scope. */
export function* narrowFamilies(tx: Tx, byScope: ReadonlyMap<string, readonly string[]>): TxBody<void> {
  for (const [scope, ids] of byScope) yield* tx.run(`UPDATE "TokenFamily" SET "scope" = ? WHERE "id" IN (${placeholders(ids.length)})`, [scope, ...ids]);
}

/** Access tokens ended on their own (their family lives on), as RFC 7009 §2.1 revokes one. */
export function* endAccessTokens(tx: Tx, tokenIds: readonly string[], at: Date): TxBody<void> {
  if (tokenIds.length === 0) return;
  yield* tx.run(`UPDATE "AccessToken" SET "revokedAt" = ? WHERE "id" IN (${placeholders(tokenIds.length)}) AND "revokedAt" IS NULL`, [tx.date(at), ...tokenIds]);
}

export function* narrowAccessTokens(tx: Tx, byScope: ReadonlyMap<string, readonly string[]>): TxBody<void> {
  for (const [scope, ids] of byScope) yield* tx.run(`UPDATE "AccessToken" SET "scope" = ? WHERE "id" IN (${placeholders(ids.length)})`, [scope, ...ids]);
}

type SqlDate = (value: Date) => unknown;

/** Resources and audiences as stored: space-separated (a normalised URI has no space), null for none. */
export const formatResource = (values: readonly string[] | null): string | null => (values === null || values.length === 0 ? null : values.join(" "));
export const readResource = (value: unknown): string[] => (typeof value === "string" && value !== "" ? value.split(" ") : []);
const readAudience = (value: unknown): string[] | null => (typeof value === "string" && value !== "" ? value.split(" ") : null);

/** A refresh token and the access token issued with it, into a family. */
function tokenInserts(date: SqlDate, familyId: string, parentId: string | null, at: Date, tokens: TokenSet): Statement[] {
  const refreshId = newRecordId();
  return [
    {
      sql: `INSERT INTO "RefreshToken" ("id", "digest", "familyId", "parentId", "expiresAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
      params: [refreshId, tokens.refreshDigest, familyId, parentId, date(tokens.refreshExpiresAt), date(at)],
    },
    {
      sql: `INSERT INTO "AccessToken" ("id", "digest", "familyId", "refreshTokenId", "scope", "audience", "expiresAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      params: [newRecordId(), tokens.accessDigest, familyId, refreshId, tokens.accessScope, formatResource(tokens.accessAudience), date(tokens.accessExpiresAt), date(at)],
    },
  ];
}

/** A new family for a redeemed code, with its first tokens (the writes of the redemption's guarded batch). */
export function familyIssue(date: SqlDate, code: CodeRecord, at: Date, familyExpiresAt: Date, tokens: TokenSet): Statement[] {
  const familyId = newRecordId();
  return [
    {
      sql: `INSERT INTO "TokenFamily" ("id", "applicationId", "userId", "grantId", "codeId", "scope", "resource", "authTime", "absoluteExpiresAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      params: [familyId, code.applicationId, code.userId, code.grantId, code.id, code.scope, formatResource(code.resource), code.authTime && date(code.authTime), date(familyExpiresAt), date(at)],
    },
    ...tokenInserts(date, familyId, null, at, tokens),
  ];
}

/**
 * A rotation: the guard marks the old refresh token used if it was not and its family is live
 * (of concurrent rotations exactly one changes the row); then the access tokens issued with it
 * end (RFC 6749 §6, DESIGN) and the new tokens join the family.
 */
export function rotation(date: SqlDate, old: RefreshRecord, at: Date, next: TokenSet): { guard: Statement; then: Statement[] } {
  return {
    guard: {
      sql: `UPDATE "RefreshToken" SET "usedAt" = ? WHERE "id" = ? AND "usedAt" IS NULL AND "revokedAt" IS NULL
            AND EXISTS (SELECT 1 FROM "TokenFamily" WHERE "id" = ? AND "revokedAt" IS NULL)`,
      params: [date(at), old.id, old.familyId],
    },
    then: [
      { sql: `UPDATE "AccessToken" SET "revokedAt" = ? WHERE "refreshTokenId" = ? AND "revokedAt" IS NULL`, params: [date(at), old.id] },
      ...tokenInserts(date, old.familyId, old.id, at, next),
    ],
  };
}

export type PrunedTokens = { tokenFamilies: number; accessTokens: number; endedRefreshTokens: number };

/**
 * Deletes what can no longer be used: families past their absolute expiry or ended, with their
 * tokens (a live family keeps its used refresh tokens: reuse detection needs them until then);
 * expired and revoked access tokens; the record of a refresh token the user ended once the
 * token would have expired.
 */
export function* pruneTokens(tx: Tx, now: Date): TxBody<PrunedTokens> {
  const at = tx.date(now);
  return {
    tokenFamilies: yield* tx.run(`DELETE FROM "TokenFamily" WHERE "absoluteExpiresAt" < ? OR "revokedAt" IS NOT NULL`, [at]),
    accessTokens: yield* tx.run(`DELETE FROM "AccessToken" WHERE "expiresAt" < ? OR "revokedAt" IS NOT NULL`, [at]),
    endedRefreshTokens: yield* tx.run(`DELETE FROM "EndedRefreshToken" WHERE "expiresAt" < ?`, [at]),
  };
}

const REFRESH_SQL = `SELECT r."id", r."familyId", f."authTime", f."applicationId", f."userId", f."grantId", f."scope" AS "familyScope", f."resource" AS "familyResource", g."scope" AS "grantScope",
    f."absoluteExpiresAt" AS "familyExpiresAt", f."revokedAt" AS "familyRevokedAt", r."createdAt", r."expiresAt", r."usedAt", r."revokedAt"
  FROM "RefreshToken" r JOIN "TokenFamily" f ON f."id" = r."familyId" JOIN "Grant" g ON g."id" = f."grantId" WHERE r."digest" = ?`;

const ACCESS_SQL = `SELECT t."id", t."familyId", f."applicationId", a."clientId", f."userId", t."scope", t."audience", g."scope" AS "grantScope", t."createdAt", t."expiresAt",
    t."revokedAt", f."revokedAt" AS "familyRevokedAt"
  FROM "AccessToken" t JOIN "TokenFamily" f ON f."id" = t."familyId" JOIN "Application" a ON a."id" = f."applicationId"
    JOIN "Grant" g ON g."id" = f."grantId"
  WHERE t."digest" = ?`;

/** Tokens as the token, revocation, introspection and userinfo endpoints use them: never kept, so an end counts from the next request. */
export function tokenFamilyStore({ sql, date, touchGrant }: HotPath): TokenFamilyStore {
  return {
    async findRefreshToken(digest) {
      const [row] = await sql.all(REFRESH_SQL, [digest]);
      if (!row) return null;
      const record: RefreshRecord = {
        id: String(row.id),
        familyId: String(row.familyId),
        authTime: readOptionalDate(row.authTime),
        applicationId: String(row.applicationId),
        userId: String(row.userId),
        grantId: String(row.grantId),
        familyScope: String(row.familyScope),
        familyResource: readResource(row.familyResource),
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
        audience: readAudience(row.audience),
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
}
