import { placeholders, type Tx, type TxBody } from "@/lib/db/sql/driver";

/**
 * Token families and their access tokens, as the console's scope changes write them. A family is
 * ended by its flag alone, as the protocol's revocation ends one (lib/db/sql/oauth-storage.ts
 * revokeFamily): every access and refresh token of it is dead because its family is
 * (lib/oauth/token-lookup.ts), so the tokens themselves are left as they are. A family already
 * ended keeps the time it ended.
 */
export function* endFamilies(tx: Tx, familyIds: readonly string[], at: Date): TxBody<void> {
  if (familyIds.length === 0) return;
  yield* tx.run(`UPDATE "TokenFamily" SET "revokedAt" = ? WHERE "id" IN (${placeholders(familyIds.length)}) AND "revokedAt" IS NULL`, [tx.date(at), ...familyIds]);
}

/** Families that live on with a narrower scope: one statement per new scope. */
export function* narrowFamilies(tx: Tx, byScope: ReadonlyMap<string, readonly string[]>): TxBody<void> {
  for (const [scope, ids] of byScope) yield* tx.run(`UPDATE "TokenFamily" SET "scope" = ? WHERE "id" IN (${placeholders(ids.length)})`, [scope, ...ids]);
}

/** Access tokens ended on their own (their family lives on): revoked, as RFC 7009 revocation of one does. */
export function* endAccessTokens(tx: Tx, tokenIds: readonly string[], at: Date): TxBody<void> {
  if (tokenIds.length === 0) return;
  yield* tx.run(`UPDATE "AccessToken" SET "revokedAt" = ? WHERE "id" IN (${placeholders(tokenIds.length)}) AND "revokedAt" IS NULL`, [tx.date(at), ...tokenIds]);
}

export function* narrowAccessTokens(tx: Tx, byScope: ReadonlyMap<string, readonly string[]>): TxBody<void> {
  for (const [scope, ids] of byScope) yield* tx.run(`UPDATE "AccessToken" SET "scope" = ? WHERE "id" IN (${placeholders(ids.length)})`, [scope, ...ids]);
}
