import { secureRandomBytes } from "@/lib/oauth/secrets";

let lastTime = "";
let sequence = 0;

/**
 * An id of the shape Prisma's cuid() makes (c, time, randomness; 25 lowercase base-36 characters).
 * Within one process, ids sort in the order they were made, even within one millisecond: after the
 * time come four characters of a counter that restarts each millisecond. Listings that order by
 * `createdAt, id` (the operators' audit trail) rely on it to break ties.
 */
export function newRecordId(): string {
  const time = Date.now().toString(36).padStart(9, "0").slice(-9);
  sequence = time === lastTime ? sequence + 1 : 0;
  lastTime = time;
  const counter = (sequence % 36 ** 4).toString(36).padStart(4, "0");
  const random = BigInt(`0x${secureRandomBytes(8).toString("hex")}`).toString(36).padStart(11, "0").slice(-11);
  return `c${time}${counter}${random}`;
}
