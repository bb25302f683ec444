import { closeSqlDatabase, sqlDatabase } from "@/lib/db/sql/database";
import type { SqlDriver } from "@/lib/db/sql/driver";
import { sqlHotPathStorage, type HotPathStorage } from "@/lib/db/sql/oauth-storage";

export { createSqlDriver } from "@/lib/db/sql/database";

const kept = new WeakMap<SqlDriver, HotPathStorage>();

/**
 * The process-wide hot-path storage on the configured database, shared by every path that
 * serves the protocol endpoints: one per connection, so its caches live as long as it does.
 */
export function hotPathStorage(): HotPathStorage {
  const driver = sqlDatabase();
  let storage = kept.get(driver);
  if (!storage) {
    storage = sqlHotPathStorage(driver);
    kept.set(driver, storage);
  }
  return storage;
}

/** Closes the process's connection (tests, shutdown). */
export const closeHotPathStorage = closeSqlDatabase;
