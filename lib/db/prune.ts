import { pruneExpiredCodes } from "@/lib/db/codes";
import { pruneEndedSessions } from "@/lib/db/ended-sessions";
import { pruneConsentRequests } from "@/lib/db/grants";
import { pruneExpiredKeys } from "@/lib/db/personal-keys";
import { pruneRateLimitCounters } from "@/lib/rate-limit/prune";
import { pruneRetiredSigningKeys } from "@/lib/db/signing-keys";
import { addSeconds } from "@/lib/oauth/clock";
import { RETIRED_KEY_KEPT_SECONDS } from "@/lib/oauth/signing-keys";
import { sqlDatabase } from "@/lib/db/sql/database";
import { pruneTokens } from "@/lib/db/token-families";
import { pruneServiceTokens } from "@/lib/db/service-tokens";

export { EXPIRED_KEY_GRACE_MS } from "@/lib/db/personal-keys";

export type PruneReport = {
  consentRequests: number;
  codes: number;
  tokenFamilies: number;
  accessTokens: number;
  serviceTokens: number;
  personalKeys: number;
  endedRefreshTokens: number;
  endedSessions: number;
  rateLimitCounters: number;
  signingKeys: number;
};

/**
 * Deletes what can no longer be used or needed, each table by its own module: answered and
 * expired consent requests; token families past their absolute expiry or ended, with their
 * tokens, expired and revoked access tokens and service tokens, and the record of a refresh token the user ended
 * once it would have expired; then expired codes, except a used one whose family still lives (a
 * replayed code ends what it issued); personal keys 30 days past their expiry; a signed-out
 * browser session once its absolute lifetime is over (it is refused without the row); rate-limit
 * counters an hour past theirs; an ID token signing key 90 days after it retired (it verified
 * only id_token_hint by then). Live rows stay.
 */
export async function pruneExpired(now = new Date()): Promise<PruneReport> {
  const consentRequests = await pruneConsentRequests(now);
  const { tokenFamilies, accessTokens, endedRefreshTokens } = await sqlDatabase().autocommit((tx) => pruneTokens(tx, now));
  const codes = await pruneExpiredCodes(now);
  const serviceTokens = await pruneServiceTokens(now);
  const personalKeys = await pruneExpiredKeys(now);
  const endedSessions = await pruneEndedSessions(now);
  const rateLimitCounters = await pruneRateLimitCounters(now);
  const signingKeys = await pruneRetiredSigningKeys(addSeconds(now, -RETIRED_KEY_KEPT_SECONDS));
  return { consentRequests, codes, tokenFamilies, accessTokens, serviceTokens, personalKeys, endedRefreshTokens, endedSessions, rateLimitCounters, signingKeys };
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
