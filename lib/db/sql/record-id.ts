import { secureRandomBytes } from "@/lib/oauth/secrets";

/** An id of the shape Prisma's cuid() makes (c, time, randomness; 25 lowercase base-36 characters). */
export function newRecordId(): string {
  const time = Date.now().toString(36).padStart(9, "0").slice(-9);
  const random = BigInt(`0x${secureRandomBytes(10).toString("hex")}`).toString(36).padStart(15, "0").slice(-15);
  return `c${time}${random}`;
}
