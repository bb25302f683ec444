import { narrowCodes } from "@/lib/db/codes";
import { narrowGrants, narrowPendingAuthorizations } from "@/lib/db/grants";
import { deletePersonalKeys, narrowPersonalKeys } from "@/lib/db/personal-keys";
import type { Tx, TxBody } from "@/lib/db/sql/driver";
import { endAccessTokens, endFamilies, narrowAccessTokens, narrowFamilies } from "@/lib/db/token-families";

/**
 * The rows that could still grant a scope name, and the writes that take names out of them, in
 * the caller's transaction. Which rows end and which keep their other scopes is the operator
 * console's rule (lib/operator/scope-withdrawal.ts); this module only finds them and hands each
 * entity's module its part of the plan.
 */

/** Scope strings are space-separated words: a row carries a name when one of its words is it. */
export const carriesAny = (scope: string, names: ReadonlySet<string>) => scope.split(" ").some((s) => names.has(s));

export type Carrier = { id: string; userId: string; scope: string };
export type TokenCarrier = { id: string; familyId: string; scope: string };

/** The live rows that carry one of `names`, of every app or of one (`applicationId`). */
export type ScopeCarriers = {
  names: ReadonlySet<string>;
  grants: Carrier[];
  pending: Carrier[];
  codes: Carrier[];
  families: Carrier[];
  /** Live access tokens of live families: found by their own scope, since a refresh may have narrowed one. */
  accessTokens: TokenCarrier[];
  keys: Carrier[];
};

/** A first cut in SQL (a substring of the scope), made exact by carriesAny. */
function containsAny(names: ReadonlySet<string>, column = `"scope"`): { sql: string; params: string[] } {
  return { sql: `(${[...names].map(() => `${column} LIKE ?`).join(" OR ")})`, params: [...names].map((name) => `%${name}%`) };
}

/**
 * Finds them. Only what can still be used: answered or expired requests, used or expired codes,
 * ended or expired families and tokens, expired keys grant nothing, now or later. Personal keys
 * belong to no app: they are left out when `applicationId` is given.
 */
export function* findScopeCarriers(tx: Tx, names: ReadonlySet<string>, now: Date, applicationId?: string): TxBody<ScopeCarriers> {
  const none: ScopeCarriers = { names, grants: [], pending: [], codes: [], families: [], accessTokens: [], keys: [] };
  if (names.size === 0) return none;
  const exact = <T extends { scope: string }>(rows: T[]) => rows.filter((row) => carriesAny(row.scope, names));
  const at = tx.date(now);
  const carrying = containsAny(names);
  const ofApp = applicationId === undefined ? { sql: "", params: [] } : { sql: ` AND "applicationId" = ?`, params: [applicationId] };
  const select = (from: string, live: string, liveParams: unknown[]) =>
    tx.all<Carrier>(`${from} WHERE ${carrying.sql}${ofApp.sql}${live}`, [...carrying.params, ...ofApp.params, ...liveParams]);
  const tokenCarrying = containsAny(names, `t."scope"`);
  return {
    names,
    grants: exact(yield* select(`SELECT "id", "userId", "scope" FROM "Grant"`, "", [])),
    pending: exact(yield* select(`SELECT "id", "userId", "scope" FROM "PendingAuthorization"`, ` AND "usedAt" IS NULL AND "expiresAt" > ?`, [at])),
    codes: exact(yield* select(`SELECT "id", "userId", "scope" FROM "AuthorizationCode"`, ` AND "usedAt" IS NULL AND "expiresAt" > ?`, [at])),
    families: exact(yield* select(`SELECT "id", "userId", "scope" FROM "TokenFamily"`, ` AND "revokedAt" IS NULL AND "absoluteExpiresAt" > ?`, [at])),
    accessTokens: exact(
      yield* tx.all<TokenCarrier>(
        `SELECT t."id", t."familyId", t."scope" FROM "AccessToken" t JOIN "TokenFamily" f ON f."id" = t."familyId"
         WHERE ${tokenCarrying.sql} AND t."revokedAt" IS NULL AND t."expiresAt" > ? AND f."revokedAt" IS NULL AND f."absoluteExpiresAt" > ?${applicationId === undefined ? "" : ` AND f."applicationId" = ?`}`,
        [...tokenCarrying.params, at, at, ...ofApp.params],
      ),
    ),
    keys:
      applicationId === undefined
        ? exact(yield* tx.all<Carrier>(`SELECT "id", "userId", "scope" FROM "PersonalKey" WHERE ${carrying.sql} AND ("expiresAt" IS NULL OR "expiresAt" > ?)`, [...carrying.params, at]))
        : [],
  };
}

/** Rows by the scope they get: one update per distinct new scope, however many rows share it. */
export type ByNewScope = ReadonlyMap<string, readonly string[]>;

/** What withdrawing names writes: the scopes rows keep, and the families, tokens and keys that end. */
export type ScopeWrites = {
  grants: ByNewScope;
  pending: ByNewScope;
  codes: ByNewScope;
  families: ByNewScope;
  accessTokens: ByNewScope;
  keys: ByNewScope;
  endedFamilies: readonly string[];
  endedAccessTokens: readonly string[];
  /** A personal key has no revocation flag: one that ends is deleted (revoked). */
  deletedKeys: readonly string[];
};

/** The plan, written by each entity's own module in the caller's transaction. */
export function* writeScopeWithdrawal(tx: Tx, writes: ScopeWrites, at: Date): TxBody<void> {
  yield* narrowGrants(tx, writes.grants, at);
  yield* narrowPendingAuthorizations(tx, writes.pending);
  yield* narrowCodes(tx, writes.codes);
  yield* endFamilies(tx, { ids: writes.endedFamilies }, at);
  yield* narrowFamilies(tx, writes.families);
  yield* endAccessTokens(tx, writes.endedAccessTokens, at);
  yield* narrowAccessTokens(tx, writes.accessTokens);
  yield* deletePersonalKeys(tx, writes.deletedKeys);
  yield* narrowPersonalKeys(tx, writes.keys);
}
