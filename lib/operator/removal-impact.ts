import type { WithdrawalImpact } from "@/lib/operator/scope-withdrawal";

export type { WithdrawalImpact };

/**
 * The operator console's words for what removing scopes does, before (the confirmation) and after
 * (the notice and the activity log) alike. A live authorization is a token family or a personal key.
 */

const count = (n: number, noun: string) => `${n} ${n === 1 ? noun : `${noun}s`}`;
const keep = (n: number) => `${n} ${n === 1 ? "keeps its" : "keep their"} other scopes`;

/** "2 users affected, 1 live authorization ended, 1 kept its other scopes" */
export function describeRemoval({ usersAffected, authorizationsEnded, authorizationsNarrowed }: WithdrawalImpact): string {
  const kept = `${authorizationsNarrowed} kept ${authorizationsNarrowed === 1 ? "its" : "their"} other scopes`;
  return `${count(usersAffected, "user")} affected, ${count(authorizationsEnded, "live authorization")} ended, ${kept}`;
}

/** The confirmation of deleting one scope. */
export function scopeRemovalWarning({ usersAffected, authorizationsEnded, authorizationsNarrowed }: WithdrawalImpact): string {
  const ending = `${count(authorizationsEnded, "live authorization")} that ${authorizationsEnded === 1 ? "carries only it ends" : "carry only it end"}`;
  return `${count(usersAffected, "user")} ${usersAffected === 1 ? "holds" : "hold"} it. It leaves every grant, token and key now: ${ending}, ${keep(authorizationsNarrowed)}.`;
}

/** The confirmation of deleting a whole API. */
export function apiRemovalWarning({ usersAffected, authorizationsEnded, authorizationsNarrowed }: WithdrawalImpact): string {
  const ending = `${count(authorizationsEnded, "live authorization")} that ${authorizationsEnded === 1 ? "carries nothing else ends" : "carry nothing else end"}`;
  return `${count(usersAffected, "user")} ${usersAffected === 1 ? "holds" : "hold"} one of its scopes: the scopes leave every grant, token and key at once; ${ending}, ${keep(authorizationsNarrowed)}.`;
}
