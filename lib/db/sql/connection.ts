import { config, isPostgresUrl } from "@/lib/config/env";
import { PostgresDriver, SqliteDriver, type SqlDriver } from "@/lib/db/sql/driver";
import { sqlHotPathStorage, type HotPathStorage } from "@/lib/db/sql/oauth-storage";

/** A driver for the database named by the URL: PostgreSQL for postgres(ql):// URLs, SQLite otherwise. */
export function createSqlDriver(url: string): SqlDriver {
  return isPostgresUrl(url) ? new PostgresDriver(url) : new SqliteDriver(url.replace(/^file:/, ""));
}

const globalForSql = globalThis as unknown as { gatehouseSql?: { url: string; driver: SqlDriver; storage: HotPathStorage } };

/** The process's connection (or pool) to the configured database, made at first use and kept across hot reloads. */
function opened(): { driver: SqlDriver; storage: HotPathStorage } {
  const url = config().databaseUrl;
  if (globalForSql.gatehouseSql?.url !== url) {
    void globalForSql.gatehouseSql?.driver.close();
    const driver = createSqlDriver(url);
    globalForSql.gatehouseSql = { url, driver, storage: sqlHotPathStorage(driver) };
  }
  return globalForSql.gatehouseSql;
}

/** The process-wide hot-path storage on the configured database, shared by every path that serves the protocol endpoints. */
export function hotPathStorage(): HotPathStorage {
  return opened().storage;
}

/** The same connection, for the entity modules' transactions (lib/db/sql/driver.ts Tx). */
export function sqlDatabase(): SqlDriver {
  return opened().driver;
}

/** Closes the process's hot-path connection (tests, shutdown). */
export async function closeHotPathStorage(): Promise<void> {
  await globalForSql.gatehouseSql?.driver.close();
  globalForSql.gatehouseSql = undefined;
}
