import { config, isPostgresUrl } from "@/lib/config/env";
import { PostgresDriver, SqliteDriver, type SqlDriver } from "@/lib/db/sql/driver";

/** A driver for the database named by the URL: PostgreSQL for postgres(ql):// URLs, SQLite otherwise. */
export function createSqlDriver(url: string): SqlDriver {
  return isPostgresUrl(url) ? new PostgresDriver(url) : new SqliteDriver(url.replace(/^file:/, ""));
}

const globalForSql = globalThis as unknown as { gatehouseSql?: { url: string; driver: SqlDriver } };

/**
 * The process's one connection (SQLite) or pool (PostgreSQL) to the configured database, made at
 * first use and kept across hot reloads: the hot path's storage and the entity modules'
 * transactions (lib/db/sql/driver.ts Tx) share it.
 */
export function sqlDatabase(): SqlDriver {
  const url = config().databaseUrl;
  if (globalForSql.gatehouseSql?.url !== url) {
    void globalForSql.gatehouseSql?.driver.close();
    globalForSql.gatehouseSql = { url, driver: createSqlDriver(url) };
  }
  return globalForSql.gatehouseSql.driver;
}

/** Closes it (tests, shutdown); the next use opens it again. */
export async function closeSqlDatabase(): Promise<void> {
  await globalForSql.gatehouseSql?.driver.close();
  globalForSql.gatehouseSql = undefined;
}
