import { describe, expect, it } from "vitest";
import { db } from "@/lib/testing/prisma";
import { pruneExpired } from "@/lib/db/prune";
import { createTestApplication, createTestUser } from "@/lib/testing/fixtures";

const NOW = new Date("2026-12-01T12:00:00Z");
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
let n = 0;
const tag = () => `prune-${++n}-${Math.random().toString(36).slice(2)}`;

async function givenAFamily(applicationId: string, userId: string, opts: { absoluteExpiresAt: Date; revokedAt?: Date; codeExpiresAt: Date }) {
  const grant = await db().grant.upsert({ where: { userId_applicationId: { userId, applicationId } }, create: { userId, applicationId, scope: "user.read" }, update: {} });
  const code = await db().authorizationCode.create({
    data: { digest: tag(), applicationId, userId, grantId: grant.id, redirectUri: "https://a.example/cb", redirectUriSent: true, scope: "user.read", expiresAt: opts.codeExpiresAt, usedAt: at(-3600) },
  });
  const family = await db().tokenFamily.create({
    data: { applicationId, userId, grantId: grant.id, codeId: code.id, scope: "user.read", absoluteExpiresAt: opts.absoluteExpiresAt, revokedAt: opts.revokedAt ?? null },
  });
  const usedRefresh = await db().refreshToken.create({ data: { digest: tag(), familyId: family.id, expiresAt: at(86400), usedAt: at(-60) } });
  const expiredAccess = await db().accessToken.create({ data: { digest: tag(), familyId: family.id, scope: "user.read", expiresAt: at(-1) } });
  const liveAccess = await db().accessToken.create({ data: { digest: tag(), familyId: family.id, scope: "user.read", expiresAt: at(3600) } });
  return { code, family, usedRefresh, expiredAccess, liveAccess };
}

describe("pruning", () => {
  it("deletes rows past their lifetime and keeps the live ones, with what replay detection needs", async () => {
    const app = await createTestApplication();
    const user = await createTestUser();
    const live = await givenAFamily(app.id, user.id, { absoluteExpiresAt: at(86400), codeExpiresAt: at(-600) });
    const over = await givenAFamily(app.id, user.id, { absoluteExpiresAt: at(-1), codeExpiresAt: at(-600) });
    const revoked = await givenAFamily(app.id, user.id, { absoluteExpiresAt: at(86400), revokedAt: at(-10), codeExpiresAt: at(-600) });
    const unusedExpiredCode = await db().authorizationCode.create({
      data: { digest: tag(), applicationId: app.id, userId: user.id, grantId: live.family.grantId, redirectUri: "https://a.example/cb", redirectUriSent: true, scope: "user.read", expiresAt: at(-1) },
    });
    const liveCode = await db().authorizationCode.create({
      data: { digest: tag(), applicationId: app.id, userId: user.id, grantId: live.family.grantId, redirectUri: "https://a.example/cb", redirectUriSent: true, scope: "user.read", expiresAt: at(60) },
    });
    const pending = (expiresAt: Date, usedAt: Date | null) =>
      db().pendingAuthorization.create({ data: { digest: tag(), applicationId: app.id, userId: user.id, redirectUri: "https://a.example/cb", redirectUriSent: true, scope: "user.read", expiresAt, usedAt } });
    const [openRequest, expiredRequest, answeredRequest] = [await pending(at(300), null), await pending(at(-1), null), await pending(at(300), at(-5))];
    const key = (expiresAt: Date | null) => db().personalKey.create({ data: { userId: user.id, name: "k", digest: tag(), prefix: "gpat_ab", lastFour: "abcd", scope: "user.read", expiresAt } });
    const [recentlyExpiredKey, longExpiredKey, foreverKey] = [await key(at(-86400)), await key(at(-31 * 86400)), await key(null)];
    await db().rateLimitCounter.createMany({ data: [{ key: tag(), points: 1, expire: BigInt(at(-7200).getTime()) }, { key: "live-counter", points: 1, expire: BigInt(at(60).getTime()) }] });
    const ended = (expiresAt: Date) => db().endedRefreshToken.create({ data: { digest: tag(), applicationId: app.id, reason: "user_revoked", endedAt: at(-60), expiresAt } });
    const [endedLive, endedOver] = [await ended(at(3600)), await ended(at(-1))];
    const signedOut = (expiresAt: Date) => db().endedSession.create({ data: { sid: tag(), expiresAt } });
    const [signedOutLive, signedOutOver] = [await signedOut(at(86400)), await signedOut(at(-1))];
    const service = (expiresAt: Date, revokedAt: Date | null = null) =>
      db().serviceToken.create({ data: { digest: tag(), applicationId: app.id, scope: "notes.read", audience: "https://notes.example/", expiresAt, revokedAt } });
    const [liveService, expiredService, revokedService] = [await service(at(600)), await service(at(-1)), await service(at(600), at(-5))];

    const report = await pruneExpired(NOW);

    const exists = async (model: { count(args: { where: { id: string } }): Promise<number> }, id: string) => (await model.count({ where: { id } })) === 1;
    expect(await exists(db().tokenFamily, live.family.id)).toBe(true);
    expect(await exists(db().refreshToken, live.usedRefresh.id)).toBe(true); // reuse detection until the family's absolute expiry
    expect(await exists(db().authorizationCode, live.code.id)).toBe(true); // a replayed code still revokes its family
    expect(await exists(db().accessToken, live.liveAccess.id)).toBe(true);
    expect(await exists(db().accessToken, live.expiredAccess.id)).toBe(false);
    for (const gone of [over, revoked]) {
      expect(await exists(db().tokenFamily, gone.family.id)).toBe(false);
      expect(await exists(db().refreshToken, gone.usedRefresh.id)).toBe(false);
      expect(await exists(db().authorizationCode, gone.code.id)).toBe(false);
    }
    expect(await exists(db().authorizationCode, unusedExpiredCode.id)).toBe(false);
    expect(await exists(db().authorizationCode, liveCode.id)).toBe(true);
    expect(await exists(db().pendingAuthorization, openRequest.id)).toBe(true);
    expect(await exists(db().pendingAuthorization, expiredRequest.id)).toBe(false);
    expect(await exists(db().pendingAuthorization, answeredRequest.id)).toBe(false);
    expect(await exists(db().personalKey, recentlyExpiredKey.id)).toBe(true);
    expect(await exists(db().personalKey, longExpiredKey.id)).toBe(false);
    expect(await exists(db().personalKey, foreverKey.id)).toBe(true);
    expect(await db().rateLimitCounter.count()).toBe(1);
    expect(await db().endedRefreshToken.count({ where: { digest: endedLive.digest } })).toBe(1);
    expect(await db().endedRefreshToken.count({ where: { digest: endedOver.digest } })).toBe(0);
    expect(await db().endedSession.count({ where: { sid: signedOutLive.sid } })).toBe(1); // a copy of its cookie is still refused
    expect(await db().endedSession.count({ where: { sid: signedOutOver.sid } })).toBe(0);
    expect(await exists(db().serviceToken, liveService.id)).toBe(true);
    expect(await exists(db().serviceToken, expiredService.id)).toBe(false);
    expect(await exists(db().serviceToken, revokedService.id)).toBe(false);
    expect(report).toMatchObject({ serviceTokens: 2, tokenFamilies: 2, personalKeys: 1, endedRefreshTokens: 1, endedSessions: 1, rateLimitCounters: 1, consentRequests: 2 });
    expect(report.codes).toBeGreaterThanOrEqual(3);
  });
});
