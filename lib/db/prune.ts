import { db } from "@/lib/db/client";
import { sqlDatabase } from "@/lib/db/sql/connection";
import { pruneTokens } from "@/lib/db/token-families";

/** Personal keys are listed as expired for this long after their expiry, then forgotten. */
export const EXPIRED_KEY_GRACE_MS = 30 * 86400_000;

export type PruneReport = {
  consentRequests: number;
  codes: number;
  tokenFamilies: number;
  accessTokens: number;
  personalKeys: number;
  endedRefreshTokens: number;
  endedSessions: number;
  rateLimitCounters: number;
};

/**
 * Deletes what can no longer be used or needed: answered and expired consent requests; expired
 * codes, except a used one whose token family is still within its absolute expiry (a replayed
 * code revokes what it issued); token families past their absolute expiry or revoked, with their
 * tokens (a live family keeps its used refresh tokens: reuse detection needs them until then);
 * expired and revoked access tokens; personal keys 30 days past their expiry; the record of a
 * refresh token the user revoked once the token would have expired; a signed-out browser
 * session once its absolute lifetime is over (it is refused without the row); rate-limit
 * counters an hour past theirs. Live rows stay.
 */
export async function pruneExpired(now = new Date()): Promise<PruneReport> {
  const consentRequests = await db().pendingAuthorization.deleteMany({ where: { OR: [{ expiresAt: { lt: now } }, { usedAt: { not: null } }] } });
  const { tokenFamilies, accessTokens, endedRefreshTokens } = await sqlDatabase().autocommit((tx) => pruneTokens(tx, now));
  // After the families: a used code is kept while its family lives (a replay ends what it issued).
  const codes = await db().authorizationCode.deleteMany({ where: { expiresAt: { lt: now }, family: { is: null } } });
  const personalKeys = await db().personalKey.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - EXPIRED_KEY_GRACE_MS) } } });
  const endedSessions = await db().endedSession.deleteMany({ where: { expiresAt: { lt: now } } });
  const rateLimitCounters = await db().rateLimitCounter.deleteMany({ where: { expire: { lt: BigInt(now.getTime() - 3600_000) } } });
  return {
    consentRequests: consentRequests.count,
    codes: codes.count,
    tokenFamilies,
    accessTokens,
    personalKeys: personalKeys.count,
    endedRefreshTokens,
    endedSessions: endedSessions.count,
    rateLimitCounters: rateLimitCounters.count,
  };
}

/** Every hour, inside the server (the timer never keeps the process alive). */
export const PRUNE_INTERVAL_MS = 3600_000;

const globalForPrune = globalThis as unknown as { gatehousePruning?: NodeJS.Timeout };

export function schedulePruning(): void {
  if (globalForPrune.gatehousePruning) return;
  const run = () =>
    pruneExpired().then(
      (report) => {
        const total = Object.values(report).reduce((a, b) => a + b, 0);
        if (total > 0) console.log(`gatehouse: pruned ${Object.entries(report).map(([k, v]) => `${v} ${k}`).join(", ")}`);
      },
      (error: unknown) => console.error(`gatehouse: pruning failed: ${(error as Error).message.split("\n")[0]}`),
    );
  globalForPrune.gatehousePruning = setInterval(run, PRUNE_INTERVAL_MS);
  globalForPrune.gatehousePruning.unref();
}
