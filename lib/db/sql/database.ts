import { config, DEFAULT_DB_POOL, isPostgresUrl } from "@/lib/config/env";
import { PostgresDriver, SqliteDriver, type SqlDriver } from "@/lib/db/sql/driver";

/** A driver for the database named by the URL: PostgreSQL for postgres(ql):// URLs (with a pool of `poolSize`), SQLite otherwise. */
export function createSqlDriver(url: string, { poolSize = DEFAULT_DB_POOL }: { poolSize?: number } = {}): SqlDriver {
  return isPostgresUrl(url) ? new PostgresDriver(url, poolSize) : new SqliteDriver(url.replace(/^file:/, ""));
}

const globalForSql = globalThis as unknown as { gatehouseSql?: { url: string; driver: SqlDriver } };

/**
 * The process's one connection (SQLite) or pool (PostgreSQL) to the configured database, made at
 * first use and kept across hot reloads: every entity module, the protocol endpoints' storage
 * and (on PostgreSQL) the rate limiter's counters share it.
 */
export function sqlDatabase(): SqlDriver {
  const { databaseUrl: url, dbPool } = config();
  if (globalForSql.gatehouseSql?.url !== url) {
    void globalForSql.gatehouseSql?.driver.close();
    globalForSql.gatehouseSql = { url, driver: createSqlDriver(url, { poolSize: dbPool }) };
  }
  return globalForSql.gatehouseSql.driver;
}

/** The process's connection or pool if one is open, without opening one (the metrics read the pool's use). */
export function openSqlDatabase(): SqlDriver | null {
  return globalForSql.gatehouseSql?.driver ?? null;
}

/** Closes it (tests, shutdown); the next use opens it again. */
export async function closeSqlDatabase(): Promise<void> {
  await globalForSql.gatehouseSql?.driver.close();
  globalForSql.gatehouseSql = undefined;
}
