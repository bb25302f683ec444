import type { Prisma } from "@/lib/generated/sqlite/client";

export type Tx = Prisma.TransactionClient;

/** Ends token families now, with every access and refresh token in them (inside the caller's transaction). */
export async function endFamilies(tx: Tx, familyIds: readonly string[], at: Date): Promise<void> {
  if (familyIds.length === 0) return;
  const ids = [...familyIds];
  await tx.tokenFamily.updateMany({ where: { id: { in: ids } }, data: { revokedAt: at } });
  await tx.accessToken.updateMany({ where: { familyId: { in: ids }, revokedAt: null }, data: { revokedAt: at } });
  await tx.refreshToken.updateMany({ where: { familyId: { in: ids }, revokedAt: null }, data: { revokedAt: at } });
}
