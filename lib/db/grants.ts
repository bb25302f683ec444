import { sqlDatabase } from "@/lib/db/sql/database";
import { placeholders, readDate, readOptionalDate, readOptionalText, type Row, type Statement, type Tx, type TxBody } from "@/lib/db/sql/driver";
import { newRecordId } from "@/lib/db/sql/record-id";
import type { HotPath } from "@/lib/db/sql/hot-path";
import { endFamilies, formatResource, readResource } from "@/lib/db/token-families";
import { mergeScopes } from "@/lib/oauth/scopes";
import type { Grant, GrantStore, PendingAuthorization } from "@/lib/oauth/storage";

/**
 * Grants (what a user approved for an app) and the consent requests that lead to them: the only
 * code that writes Grant and PendingAuthorization.
 */

/** Of racing saves, each reads again after losing; past this many rounds the grant is changing faster than it can be saved. */
const SAVE_ROUNDS = 5;

const toGrant = (row: Row): Grant => ({ id: String(row.id), scope: String(row.scope), createdAt: readDate(row.createdAt) });

const PENDING_COLUMNS = `"id", "applicationId", "userId", "redirectUri", "redirectUriSent", "scope", "state", "codeChallenge", "nonce", "authTime", "resource", "expiresAt", "usedAt"`;

const toPending = (row: Row): PendingAuthorization => ({
  id: String(row.id),
  applicationId: String(row.applicationId),
  userId: String(row.userId),
  redirectUri: String(row.redirectUri),
  redirectUriSent: Boolean(row.redirectUriSent),
  scope: String(row.scope),
  state: readOptionalText(row.state),
  codeChallenge: readOptionalText(row.codeChallenge),
  nonce: readOptionalText(row.nonce),
  authTime: readOptionalDate(row.authTime),
  resource: readResource(row.resource),
  expiresAt: readDate(row.expiresAt),
  usedAt: readOptionalDate(row.usedAt),
});

/** The consent flow's storage contract (lib/oauth/storage.ts GrantStore). */
export function grantStore({ sql }: Pick<HotPath, "sql">): GrantStore {
  return {
    async findGrant(userId, applicationId) {
      const [row] = await sql.all(`SELECT "id", "scope", "createdAt" FROM "Grant" WHERE "userId" = ? AND "applicationId" = ?`, [userId, applicationId]);
      return row ? toGrant(row) : null;
    },

    saveGrant(userId, applicationId, scope, at) {
      // Two approvals can race (two tabs). READ COMMITTED, each statement guarded by its own
      // WHERE: the unique (userId, applicationId) index settles a double insert (ON CONFLICT DO
      // NOTHING, then the winner's row is read), and the scope is replaced only if it is still the
      // one read (compare-and-swap; a loser reads again), so no approved scope is lost.
      return sql.transaction(function* (tx) {
        for (let round = 1; round <= SAVE_ROUNDS; round++) {
          const [inserted] = yield* tx.all(
            `INSERT INTO "Grant" ("id", "userId", "applicationId", "scope", "createdAt", "updatedAt", "lastUsedAt") VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT ("userId", "applicationId") DO NOTHING RETURNING "id", "scope", "createdAt"`,
            [newRecordId(), userId, applicationId, scope, tx.date(at), tx.date(at), tx.date(at)],
          );
          if (inserted) return toGrant(inserted);
          const [existing] = yield* tx.all(`SELECT "id", "scope", "createdAt" FROM "Grant" WHERE "userId" = ? AND "applicationId" = ?`, [userId, applicationId]);
          if (!existing) continue;
          const grant = toGrant(existing);
          const union = mergeScopes(grant.scope, scope);
          const swapped = yield* tx.run(`UPDATE "Grant" SET "scope" = ?, "lastUsedAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "scope" = ?`, [
            union,
            tx.date(at),
            tx.date(at),
            grant.id,
            grant.scope,
          ]);
          if (swapped === 1) return { ...grant, scope: union };
        }
        throw new Error("the grant kept changing while it was being saved");
      });
    },

    async createPendingAuthorization(digest, d, expiresAt, keepAtMost) {
      // One transaction: the new request and the trim of the user's older ones (bounded storage).
      await sql.transaction(function* (tx) {
        const now = new Date();
        yield* tx.run(
          `INSERT INTO "PendingAuthorization" ("id", "digest", "userId", "applicationId", "redirectUri", "redirectUriSent", "scope", "state", "codeChallenge", "nonce", "authTime", "resource", "expiresAt", "createdAt")
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            newRecordId(),
            digest,
            d.userId,
            d.applicationId,
            d.redirectUri,
            tx.bool(d.redirectUriSent),
            d.scope,
            d.state,
            d.codeChallenge,
            d.nonce,
            d.authTime && tx.date(d.authTime),
            formatResource(d.resource),
            tx.date(expiresAt),
            tx.date(now),
          ],
        );
        yield* tx.run(
          `DELETE FROM "PendingAuthorization" WHERE "userId" = ? AND "id" NOT IN (
             SELECT "id" FROM "PendingAuthorization" WHERE "userId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT ?)`,
          [d.userId, d.userId, keepAtMost],
        );
      });
    },

    async findPendingAuthorization(digest) {
      const [row] = await sql.all(`SELECT ${PENDING_COLUMNS} FROM "PendingAuthorization" WHERE "digest" = ?`, [digest]);
      return row ? toPending(row) : null;
    },

    async consumePendingAuthorization(id, at) {
      const changed = await sql.autocommit(function* (tx) {
        return yield* tx.run(`UPDATE "PendingAuthorization" SET "usedAt" = ? WHERE "id" = ? AND "usedAt" IS NULL`, [tx.date(at), id]);
      });
      return changed === 1;
    },
  };
}

export type GrantOfUser = {
  id: string;
  scope: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  application: { name: string; homepageUrl: string | null; owner: { name: string } };
};

/** The applications a user has authorized, newest first. */
export async function listGrantsOf(userId: string): Promise<GrantOfUser[]> {
  const rows = await sqlDatabase().all(
    `SELECT g."id", g."scope", g."createdAt", g."lastUsedAt", a."name" AS "appName", a."homepageUrl", o."name" AS "ownerName"
     FROM "Grant" g JOIN "Application" a ON a."id" = g."applicationId" JOIN "User" o ON o."id" = a."ownerId"
     WHERE g."userId" = ? ORDER BY g."createdAt" DESC, g."id" DESC`,
    [userId],
  );
  return rows.map((row) => ({
    id: String(row.id),
    scope: String(row.scope),
    createdAt: readDate(row.createdAt),
    lastUsedAt: readOptionalDate(row.lastUsedAt),
    application: { name: String(row.appName), homepageUrl: readOptionalText(row.homepageUrl), owner: { name: String(row.ownerName) } },
  }));
}

/**
 * Deletes the user's grant (and by cascade its codes, token families and tokens) and any
 * consent screen still open for that app, in one transaction. Its families end first, as the
 * user's doing: the refresh tokens the app holds are remembered, so that the app is told why.
 * False when the grant is not the user's.
 */
export function deleteGrantOf(userId: string, grantId: string, now = new Date()): Promise<boolean> {
  return sqlDatabase().transaction(function* (tx) {
    const [grant] = yield* tx.all<{ applicationId: string }>(`SELECT "applicationId" FROM "Grant" WHERE "id" = ? AND "userId" = ?`, [grantId, userId]);
    if (!grant) return false;
    yield* endFamilies(tx, { grantId }, now, "user_revoked");
    yield* tx.run(`DELETE FROM "PendingAuthorization" WHERE "userId" = ? AND "applicationId" = ?`, [userId, grant.applicationId]);
    yield* tx.run(`DELETE FROM "Grant" WHERE "id" = ?`, [grantId]);
    return true;
  });
}

/** Grants and consent requests that keep a narrower scope, in the caller's transaction (one statement per new scope). */
export function* narrowGrants(tx: Tx, byScope: ReadonlyMap<string, readonly string[]>, at: Date): TxBody<void> {
  for (const [scope, ids] of byScope) yield* tx.run(`UPDATE "Grant" SET "scope" = ?, "updatedAt" = ? WHERE "id" IN (${placeholders(ids.length)})`, [scope, tx.date(at), ...ids]);
}

export function* narrowPendingAuthorizations(tx: Tx, byScope: ReadonlyMap<string, readonly string[]>): TxBody<void> {
  for (const [scope, ids] of byScope) yield* tx.run(`UPDATE "PendingAuthorization" SET "scope" = ? WHERE "id" IN (${placeholders(ids.length)})`, [scope, ...ids]);
}

/** Deletes every grant of the app (their codes and families by cascade) and its open consent requests. Returns how many grants. */
export function* deleteGrantsOfApp(tx: Tx, applicationId: string): TxBody<number> {
  const grants = yield* tx.run(`DELETE FROM "Grant" WHERE "applicationId" = ?`, [applicationId]);
  yield* tx.run(`DELETE FROM "PendingAuthorization" WHERE "applicationId" = ?`, [applicationId]);
  return grants;
}

/** The statement that records a grant's use (a token request's batch writes it beside its tokens). */
export function grantUsed(date: (value: Date) => unknown, grantId: string, at: Date): Statement {
  return { sql: `UPDATE "Grant" SET "lastUsedAt" = ?, "updatedAt" = ? WHERE "id" = ?`, params: [date(at), date(at), grantId] };
}

/** Forgets answered and expired consent requests (pruning). */
export function pruneConsentRequests(now: Date): Promise<number> {
  return sqlDatabase().autocommit(function* (tx) {
    return yield* tx.run(`DELETE FROM "PendingAuthorization" WHERE "expiresAt" < ? OR "usedAt" IS NOT NULL`, [tx.date(now)]);
  });
}
