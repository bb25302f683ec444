import { z } from "zod";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { mergeScopes } from "@/lib/oauth/scopes";
import {
  CLIENT_TYPES,
  type AccessRecord,
  type Client,
  type ClientStore,
  type CodeRecord,
  type CodeStore,
  type GrantStore,
  type OAuthStorage,
  type RefreshRecord,
  type TokenFamilyStore,
  type TokenSet,
  type UserClaimStore,
} from "@/lib/oauth/storage";

/**
 * The protocol core's storage contracts on Prisma (SQLite or PostgreSQL). Single use is decided
 * here by conditional updates inside transactions: the row count picks the one winner.
 */

/** A stored client type, checked rather than cast: a row the code does not know is an error, not a guess. */
const storedClientType = z.enum(CLIENT_TYPES);

async function findClientWhere(where: { clientId: string } | { id: string }): Promise<Client | null> {
  const app = await db().application.findUnique({
    where,
    include: { redirectUris: { orderBy: { position: "asc" } }, owner: { select: { name: true } } },
  });
  if (!app) return null;
  return {
    id: app.id,
    clientId: app.clientId,
    name: app.name,
    clientType: storedClientType.parse(app.clientType),
    redirectUris: app.redirectUris.map((r) => r.uri),
    homepageUrl: app.homepageUrl,
    privacyPolicyUrl: app.privacyPolicyUrl,
    termsUrl: app.termsUrl,
    ownerName: app.owner.name,
  };
}

export const prismaClientStore: ClientStore = {
  findClient: (clientId) => findClientWhere({ clientId }),
  findClientByApplicationId: (id) => findClientWhere({ id }),
  findSecretDigests: (applicationId) => db().clientSecret.findMany({ where: { applicationId }, select: { id: true, digest: true } }),
  async markSecretUsed(secretId, at) {
    await db().clientSecret.updateMany({ where: { id: secretId }, data: { lastUsedAt: at } });
  },
};

const AUTHORIZATION_FIELDS = {
  applicationId: true,
  userId: true,
  redirectUri: true,
  redirectUriSent: true,
  scope: true,
  codeChallenge: true,
} as const;

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

  async createPendingAuthorization(digest, d, expiresAt) {
    const { applicationId, userId, redirectUri, redirectUriSent, scope, state, codeChallenge } = d;
    await db().pendingAuthorization.create({ data: { digest, applicationId, userId, redirectUri, redirectUriSent, scope, state, codeChallenge, expiresAt } });
  },

  findPendingAuthorization(digest) {
    return db().pendingAuthorization.findUnique({
      where: { digest },
      select: { id: true, ...AUTHORIZATION_FIELDS, state: true, expiresAt: true, usedAt: true },
    });
  },

  async consumePendingAuthorization(id, at) {
    const { count } = await db().pendingAuthorization.updateMany({ where: { id, usedAt: null }, data: { usedAt: at } });
    return count === 1;
  },
};

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

async function insertTokens(tx: Tx, familyId: string, parentId: string | null, at: Date, tokens: TokenSet) {
  const refresh = await tx.refreshToken.create({
    data: { digest: tokens.refreshDigest, familyId, parentId, expiresAt: tokens.refreshExpiresAt, createdAt: at },
  });
  await tx.accessToken.create({
    data: {
      digest: tokens.accessDigest,
      familyId,
      refreshTokenId: refresh.id,
      scope: tokens.accessScope,
      expiresAt: tokens.accessExpiresAt,
      createdAt: at,
    },
  });
}

export const prismaCodeStore: CodeStore = {
  async createCode(digest, d) {
    const { applicationId, userId, grantId, redirectUri, redirectUriSent, scope, codeChallenge, expiresAt } = d;
    await db().authorizationCode.create({ data: { digest, applicationId, userId, grantId, redirectUri, redirectUriSent, scope, codeChallenge, expiresAt } });
  },

  findCode(digest) {
    return db().authorizationCode.findUnique({
      where: { digest },
      select: { id: true, ...AUTHORIZATION_FIELDS, grantId: true, expiresAt: true, usedAt: true },
    });
  },

  async redeemCode(code: CodeRecord, at: Date, familyExpiresAt: Date, tokens: TokenSet) {
    return db().$transaction(async (tx) => {
      // The conditional update picks the one winner among concurrent redemptions.
      const { count } = await tx.authorizationCode.updateMany({ where: { id: code.id, usedAt: null }, data: { usedAt: at } });
      if (count === 0) return false;
      const family = await tx.tokenFamily.create({
        data: {
          applicationId: code.applicationId,
          userId: code.userId,
          grantId: code.grantId,
          codeId: code.id,
          scope: code.scope,
          absoluteExpiresAt: familyExpiresAt,
          createdAt: at,
        },
      });
      await insertTokens(tx, family.id, null, at, tokens);
      await tx.grant.update({ where: { id: code.grantId }, data: { lastUsedAt: at } });
      return true;
    });
  },

  async revokeTokensOfCode(codeId, at) {
    await db().tokenFamily.updateMany({ where: { codeId, revokedAt: null }, data: { revokedAt: at } });
  },
};

export const prismaTokenFamilyStore: TokenFamilyStore = {
  async findRefreshToken(digest) {
    const row = await db().refreshToken.findUnique({ where: { digest }, include: { family: true } });
    if (!row) return null;
    const record: RefreshRecord = {
      id: row.id,
      familyId: row.familyId,
      applicationId: row.family.applicationId,
      userId: row.family.userId,
      grantId: row.family.grantId,
      familyScope: row.family.scope,
      familyExpiresAt: row.family.absoluteExpiresAt,
      familyRevokedAt: row.family.revokedAt,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      usedAt: row.usedAt,
      revokedAt: row.revokedAt,
    };
    return record;
  },

  async rotateRefreshToken(old, at, tokens) {
    return db().$transaction(async (tx) => {
      const { count } = await tx.refreshToken.updateMany({
        where: { id: old.id, usedAt: null, revokedAt: null, family: { revokedAt: null } },
        data: { usedAt: at },
      });
      if (count === 0) return false;
      // RFC 6749 §6 / DESIGN: the access tokens issued with the old refresh token stop working.
      await tx.accessToken.updateMany({ where: { refreshTokenId: old.id, revokedAt: null }, data: { revokedAt: at } });
      await insertTokens(tx, old.familyId, old.id, at, tokens);
      await tx.grant.update({ where: { id: old.grantId }, data: { lastUsedAt: at } });
      return true;
    });
  },

  async revokeFamily(familyId, at) {
    await db().tokenFamily.updateMany({ where: { id: familyId, revokedAt: null }, data: { revokedAt: at } });
  },

  async findAccessToken(digest) {
    const row = await db().accessToken.findUnique({
      where: { digest },
      include: { family: { select: { applicationId: true, userId: true, revokedAt: true, application: { select: { clientId: true } } } } },
    });
    if (!row) return null;
    const record: AccessRecord = {
      id: row.id,
      familyId: row.familyId,
      applicationId: row.family.applicationId,
      clientId: row.family.application.clientId,
      userId: row.family.userId,
      scope: row.scope,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      familyRevokedAt: row.family.revokedAt,
    };
    return record;
  },

  async revokeAccessToken(id, at) {
    await db().accessToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
  },
};

export const prismaUserClaimStore: UserClaimStore = {
  findUserClaims: (userId) => db().user.findUnique({ where: { id: userId }, select: { id: true, name: true, username: true, email: true } }),
};

/** Every contract on Prisma, for the running server and the database tests. */
export const prismaStorage: OAuthStorage = {
  clients: prismaClientStore,
  grants: prismaGrantStore,
  codes: prismaCodeStore,
  tokens: prismaTokenFamilyStore,
  users: prismaUserClaimStore,
};
