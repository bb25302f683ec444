import { db } from "@/lib/db/client";
import { sqlDatabase } from "@/lib/db/sql/connection";
import { endFamilies } from "@/lib/db/token-families";

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
