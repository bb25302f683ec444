import { sqlDatabase } from "@/lib/db/sql/database";
import { placeholders, readDate, readOptionalDate, readOptionalText, type Row, type Statement, type Tx, type TxBody } from "@/lib/db/sql/driver";
import { newRecordId } from "@/lib/db/sql/record-id";
import type { CodeRecord, CodeStore } from "@/lib/oauth/storage";
import type { HotPath } from "@/lib/db/sql/hot-path";
import { endFamilies, familyIssue, formatResource, readResource } from "@/lib/db/token-families";

export type NewCode = Omit<CodeRecord, "id" | "usedAt">;

/** Authorization codes: the only code that writes AuthorizationCode. */

/** A new code (RFC 6749 §4.1.2), stored by its digest. */
export function* insertCode(tx: Tx, digest: string, code: NewCode, at: Date): TxBody<void> {
  yield* tx.run(
    `INSERT INTO "AuthorizationCode" ("id", "digest", "applicationId", "userId", "grantId", "redirectUri", "redirectUriSent", "scope", "codeChallenge", "nonce", "authTime", "resource", "expiresAt", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      newRecordId(),
      digest,
      code.applicationId,
      code.userId,
      code.grantId,
      code.redirectUri,
      tx.bool(code.redirectUriSent),
      code.scope,
      code.codeChallenge,
      code.nonce,
      code.authTime && tx.date(code.authTime),
      formatResource(code.resource),
      tx.date(code.expiresAt),
      tx.date(at),
    ],
  );
}

/** The guard of a redemption: marks the code used if it was not; of concurrent redemptions, one changes the row. */
export function codeRedemption(date: (value: Date) => unknown, code: Pick<CodeRecord, "id">, at: Date): Statement {
  return { sql: `UPDATE "AuthorizationCode" SET "usedAt" = ? WHERE "id" = ? AND "usedAt" IS NULL`, params: [date(at), code.id] };
}

/** Unused codes that keep a narrower scope, in the caller's transaction. */
export function* narrowCodes(tx: Tx, byScope: ReadonlyMap<string, readonly string[]>): TxBody<void> {
  for (const [scope, ids] of byScope) yield* tx.run(`UPDATE "AuthorizationCode" SET "scope" = ? WHERE "id" IN (${placeholders(ids.length)})`, [scope, ...ids]);
}

export function* deleteCodesOfApp(tx: Tx, applicationId: string): TxBody<void> {
  yield* tx.run(`DELETE FROM "AuthorizationCode" WHERE "applicationId" = ?`, [applicationId]);
}

/** Forgets expired codes, except a used one whose token family still lives: a replay ends what it issued (pruning, after the families). */
export function pruneExpiredCodes(now: Date): Promise<number> {
  return sqlDatabase().autocommit(function* (tx) {
    return yield* tx.run(`DELETE FROM "AuthorizationCode" WHERE "expiresAt" < ? AND NOT EXISTS (SELECT 1 FROM "TokenFamily" f WHERE f."codeId" = "AuthorizationCode"."id")`, [tx.date(now)]);
  });
}

const CODE_COLUMNS = `"id", "applicationId", "userId", "grantId", "redirectUri", "redirectUriSent", "scope", "codeChallenge", "nonce", "authTime", "resource", "expiresAt", "usedAt"`;

const toCode = (row: Row): CodeRecord => ({
  id: String(row.id),
  applicationId: String(row.applicationId),
  userId: String(row.userId),
  grantId: String(row.grantId),
  redirectUri: String(row.redirectUri),
  redirectUriSent: Boolean(row.redirectUriSent),
  scope: String(row.scope),
  codeChallenge: readOptionalText(row.codeChallenge),
  nonce: readOptionalText(row.nonce),
  authTime: readOptionalDate(row.authTime),
  resource: readResource(row.resource),
  expiresAt: readDate(row.expiresAt),
  usedAt: readOptionalDate(row.usedAt),
});

/** Codes as the authorization and token endpoints use them; a redemption issues its token family in the same batch. */
export function codeStore({ sql, date, touchGrant }: HotPath): CodeStore {
  return {
    async createCode(digest, d) {
      await sql.autocommit((tx) => insertCode(tx, digest, d, new Date()));
    },
    async findCode(digest) {
      const [row] = await sql.all(`SELECT ${CODE_COLUMNS} FROM "AuthorizationCode" WHERE "digest" = ?`, [digest]);
      return row ? toCode(row) : null;
    },
    redeemCode(code, at, familyExpiresAt, tokens) {
      // The conditional update picks the one winner among concurrent redemptions.
      return sql.guardedBatch(codeRedemption(date, code, at), [...familyIssue(date, code, at, familyExpiresAt, tokens), ...touchGrant(code.grantId, at)]);
    },
    async revokeTokensOfCode(codeId, at) {
      await sql.autocommit((tx) => endFamilies(tx, { codeId }, at));
    },
  };
}
