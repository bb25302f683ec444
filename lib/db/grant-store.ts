import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { mergeScopes } from "@/lib/oauth/scopes";
import type { GrantStore } from "@/lib/oauth/storage";

/**
 * Grants and pending consent on Prisma: the consent flow's storage, off the protocol endpoints'
 * hot path (lib/db/sql/ holds the rest of the storage contracts as prepared SQL).
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
