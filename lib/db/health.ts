import { sqlDatabase } from "@/lib/db/sql/database";

/** True when the database answers a trivial query. */
export async function checkDatabase(): Promise<boolean> {
  try {
    await sqlDatabase().all(`SELECT 1 AS "ok"`, []);
    return true;
  } catch {
    return false;
  }
}
