import { db } from "@/lib/db/client";

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
 * consent screen still open for that app. False when the grant is not the user's.
 */
export async function deleteGrantOf(userId: string, grantId: string, now = new Date()): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const grant = await tx.grant.findFirst({ where: { id: grantId, userId }, select: { applicationId: true } });
    if (!grant) return false;
    // The refresh tokens the app holds go with the grant; remember why, so that the app is told.
    const live = await tx.refreshToken.findMany({
      where: { usedAt: null, revokedAt: null, expiresAt: { gt: now }, family: { grantId, revokedAt: null } },
      select: { digest: true, expiresAt: true },
    });
    if (live.length > 0) {
      await tx.endedRefreshToken.createMany({
        data: live.map((t) => ({ digest: t.digest, applicationId: grant.applicationId, reason: "user_revoked", endedAt: now, expiresAt: t.expiresAt })),
      });
    }
    await tx.pendingAuthorization.deleteMany({ where: { userId, applicationId: grant.applicationId } });
    await tx.grant.delete({ where: { id: grantId } });
    return true;
  });
}
