import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { sqlDatabase } from "@/lib/db/sql/database";
import { placeholders, type Statement, type Tx, type TxBody } from "@/lib/db/sql/driver";
import { endFamilies } from "@/lib/db/token-families";
import { mergeScopes } from "@/lib/oauth/scopes";
import type { GrantStore } from "@/lib/oauth/storage";

/**
 * Grants (what a user approved for an app) and the consent requests that lead to them: the only
 * code that writes Grant and PendingAuthorization. The consent flow's storage contract is on
 * Prisma, off the protocol endpoints' hot path; what changes grants inside a wider transaction
 * (scope withdrawal, an app's revoke-all) is SQL on the transaction handle.
 */

export const prismaGrantStore: GrantStore = {
  findGrant(userId, applicationId) {
    return db().grant.findUnique({
      where: { userId_applicationId: { userId, applicationId } },
      select: { id: true, scope: true, createdAt: true },
    });
  },

  async saveGrant(userId, applicationId, scope, at) {
    // Two approvals can race (two tabs): the unique index settles a double create, and the
    // scope is replaced only if it is still the one read (compare-and-swap), so none is lost.
    const where = { userId_applicationId: { userId, applicationId } };
    for (let attempt = 1; ; attempt++) {
      const existing = await db().grant.findUnique({ where });
      if (!existing) {
        try {
          return await db().grant.create({ data: { userId, applicationId, scope, lastUsedAt: at }, select: { id: true, scope: true, createdAt: true } });
        } catch (error) {
          if (attempt < 5 && isUniqueViolation(error, "userId")) continue;
          throw error;
        }
      }
      const union = mergeScopes(existing.scope, scope);
      const { count } = await db().grant.updateMany({ where: { id: existing.id, scope: existing.scope }, data: { scope: union, lastUsedAt: at } });
      if (count === 1) return { id: existing.id, scope: union, createdAt: existing.createdAt };
      if (attempt >= 5) throw new Error("the grant kept changing while it was being saved");
    }
  },

  async createPendingAuthorization(digest, d, expiresAt, keepAtMost) {
    const { applicationId, userId, redirectUri, redirectUriSent, scope, state, codeChallenge } = d;
    await db().pendingAuthorization.create({ data: { digest, applicationId, userId, redirectUri, redirectUriSent, scope, state, codeChallenge, expiresAt } });
    const older = await db().pendingAuthorization.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: keepAtMost, select: { id: true } });
    if (older.length > 0) await db().pendingAuthorization.deleteMany({ where: { id: { in: older.map((p) => p.id) } } });
  },

  findPendingAuthorization(digest) {
    return db().pendingAuthorization.findUnique({
      where: { digest },
      select: {
        id: true,
        applicationId: true,
        userId: true,
        redirectUri: true,
        redirectUriSent: true,
        scope: true,
        state: true,
        codeChallenge: true,
        expiresAt: true,
        usedAt: true,
      },
    });
  },

  async consumePendingAuthorization(id, at) {
    const { count } = await db().pendingAuthorization.updateMany({ where: { id, usedAt: null }, data: { usedAt: at } });
    return count === 1;
  },
};

/** The applications a user has authorized, newest first. */
export function listGrantsOf(userId: string) {
  return db().grant.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      scope: true,
      createdAt: true,
      lastUsedAt: true,
      application: { select: { name: true, homepageUrl: true, owner: { select: { name: true } } } },
    },
  });
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
export async function pruneConsentRequests(now: Date): Promise<number> {
  return (await db().pendingAuthorization.deleteMany({ where: { OR: [{ expiresAt: { lt: now } }, { usedAt: { not: null } }] } })).count;
}
