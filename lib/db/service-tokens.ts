import { sqlDatabase } from "@/lib/db/sql/database";
import { readDate, readOptionalDate, type Tx, type TxBody } from "@/lib/db/sql/driver";
import { newRecordId } from "@/lib/db/sql/record-id";
import type { HotPath } from "@/lib/db/sql/hot-path";
import type { ServiceTokenRecord, ServiceTokenStore } from "@/lib/oauth/storage";

/**
 * Service tokens: an app's access tokens for itself (client_credentials, RFC 6749 §4.4), with no
 * user, no grant and no refresh token; the only code that writes ServiceToken. What a token
 * still grants is read at each use against the app's service-access approvals, so a revoked
 * approval ends it at once; deleting the app deletes its tokens (the schema's cascade).
 */

const SERVICE_TOKEN_SQL = `SELECT t."id", t."applicationId", a."clientId", t."scope", t."audience", t."createdAt", t."expiresAt", t."revokedAt"
  FROM "ServiceToken" t JOIN "Application" a ON a."id" = t."applicationId" WHERE t."digest" = ?`;

/** Service tokens as the token, revocation and introspection endpoints use them: never kept, so a revocation counts from the next request. */
export function serviceTokenStore({ sql }: HotPath): ServiceTokenStore {
  return {
    async issueServiceToken(digest, token, at) {
      await sql.autocommit(function* (tx) {
        yield* tx.run(`INSERT INTO "ServiceToken" ("id", "digest", "applicationId", "scope", "audience", "expiresAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`, [
          newRecordId(),
          digest,
          token.applicationId,
          token.scope,
          token.audience,
          tx.date(token.expiresAt),
          tx.date(at),
        ]);
      });
    },
    async findServiceToken(digest) {
      const [row] = await sql.all(SERVICE_TOKEN_SQL, [digest]);
      if (!row) return null;
      const record: ServiceTokenRecord = {
        id: String(row.id),
        applicationId: String(row.applicationId),
        clientId: String(row.clientId),
        scope: String(row.scope),
        audience: String(row.audience),
        createdAt: readDate(row.createdAt),
        expiresAt: readDate(row.expiresAt),
        revokedAt: readOptionalDate(row.revokedAt),
      };
      return record;
    },
    async revokeServiceToken(id, at) {
      await sql.autocommit((tx) => endServiceTokens(tx, { id }, at));
    },
  };
}

/** Ends one service token, or every live one of an app (its developer's "revoke all"). Returns how many ended. */
export function* endServiceTokens(tx: Tx, which: { id: string } | { applicationId: string }, at: Date): TxBody<number> {
  const [column, value] = "id" in which ? ['"id"', which.id] : ['"applicationId"', which.applicationId];
  return yield* tx.run(`UPDATE "ServiceToken" SET "revokedAt" = ? WHERE ${column} = ? AND "revokedAt" IS NULL`, [tx.date(at), value]);
}

/** Forgets expired and revoked service tokens (pruning): neither is ever accepted again. */
export function pruneServiceTokens(now: Date): Promise<number> {
  return sqlDatabase().autocommit(function* (tx) {
    return yield* tx.run(`DELETE FROM "ServiceToken" WHERE "expiresAt" < ? OR "revokedAt" IS NOT NULL`, [tx.date(now)]);
  });
}
