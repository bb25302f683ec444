import { db } from "@/lib/db/client";

/** The deny list of signed-out browser sessions (EndedSession), by the `sid` claim of their JWT. */

/** Refuses the session from now until expiresAt, when it would have ended anyway. Signing out twice is one row. */
export async function insertEndedSession(sid: string, expiresAt: Date): Promise<void> {
  await db().endedSession.upsert({ where: { sid }, create: { sid, expiresAt }, update: {} });
}

/** True when the session was signed out: one lookup by primary key. */
export async function isSessionEnded(sid: string): Promise<boolean> {
  return (await db().endedSession.findUnique({ where: { sid }, select: { sid: true } })) !== null;
}

/** Forgets signed-out sessions once their absolute lifetime is over: they are refused without the row (pruning). */
export async function pruneEndedSessions(now: Date): Promise<number> {
  return (await db().endedSession.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}
