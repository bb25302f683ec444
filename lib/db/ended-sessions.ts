import { sqlDatabase } from "@/lib/db/sql/database";

/** The deny list of signed-out browser sessions (EndedSession), by the `sid` claim of their JWT: the only code that writes it. */

/** Refuses the session from now until expiresAt, when it would have ended anyway. Signing out twice is one row. */
export async function insertEndedSession(sid: string, expiresAt: Date): Promise<void> {
  await sqlDatabase().autocommit(function* (tx) {
    yield* tx.run(`INSERT INTO "EndedSession" ("sid", "expiresAt") VALUES (?, ?) ON CONFLICT ("sid") DO NOTHING`, [sid, tx.date(expiresAt)]);
  });
}

/** True when the session was signed out: one lookup by primary key. */
export async function isSessionEnded(sid: string): Promise<boolean> {
  return (await sqlDatabase().all(`SELECT 1 AS "ended" FROM "EndedSession" WHERE "sid" = ?`, [sid])).length > 0;
}

/** Forgets signed-out sessions once their absolute lifetime is over: they are refused without the row (pruning). */
export function pruneEndedSessions(now: Date): Promise<number> {
  return sqlDatabase().autocommit(function* (tx) {
    return yield* tx.run(`DELETE FROM "EndedSession" WHERE "expiresAt" < ?`, [tx.date(now)]);
  });
}
