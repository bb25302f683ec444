import type { Prisma } from "@/lib/generated/sqlite/client";

export type Tx = Prisma.TransactionClient;

/**
 * Ends token families now (inside the caller's transaction). A family is ended by its flag
 * alone, as the protocol's revocation ends one (lib/db/sql/oauth-storage.ts revokeFamily): every
 * access and refresh token of it is dead because its family is (lib/oauth/token-lookup.ts), so
 * the tokens themselves are left as they are. A family already ended keeps the time it ended.
 */
export async function endFamilies(tx: Tx, familyIds: readonly string[], at: Date): Promise<void> {
  if (familyIds.length === 0) return;
  await tx.tokenFamily.updateMany({ where: { id: { in: [...familyIds] }, revokedAt: null }, data: { revokedAt: at } });
}
