import { db } from "@/lib/db/client";

/** True when the database answers a trivial query. */
export async function checkDatabase(): Promise<boolean> {
  try {
    await db().user.count({ take: 1 });
    return true;
  } catch {
    return false;
  }
}
