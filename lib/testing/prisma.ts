import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/sqlite/client";
import { PrismaClient as PostgresClient } from "@/lib/generated/postgres/client";
import { config, isPostgresUrl } from "@/lib/config/env";
import { noteCachedRowsChanged } from "@/lib/db/sql/driver";
import { SQLITE_SETTINGS_SCRIPT } from "@/lib/db/sqlite-settings";

export type Db = PrismaClient;

/*
 * Prisma Client for the tests, the benchmark's seed and scripts only: the server queries through
 * its own statements (lib/db/sql/driver.ts) on one connection. The tests set up rows and check
 * what the server stored through this second, independent client, so a statement of the
 * server's that stores the wrong thing cannot also read it back as right.
 */

/**
 * A Prisma client for the database named by the URL: PostgreSQL for postgres(ql):// URLs,
 * SQLite otherwise. Both clients are generated from one schema and share the same API, so
 * the PostgreSQL client is typed through the SQLite one.
 */
export function createClient(url: string): Db {
  const client = isPostgresUrl(url) ? (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db) : new PrismaClient({ adapter: sqliteAdapter(url) });
  return tellingCachesOfWrites(client);
}

/** The models whose rows the server keeps in memory (lib/db/sql/oauth-storage.ts). */
const CACHED_MODELS = new Set(["Application", "RedirectUri", "ClientSecret", "ScopeApproval", "RegisteredApi", "ApiSecret", "User"]);
const WRITES = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn", "upsert", "delete", "deleteMany"]);

/**
 * A write through Prisma to a cached model tells this process's caches as soon as it returns,
 * as the server's own transactions do (on PostgreSQL the NOTIFY would come a moment later).
 */
function tellingCachesOfWrites(client: Db): Db {
  return client.$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const result = await query(args);
          if (CACHED_MODELS.has(model) && WRITES.has(operation)) noteCachedRowsChanged();
          return result;
        },
      },
    },
  }) as unknown as Db;
}

/**
 * SQLite as a server database (lib/db/sqlite-settings.ts) and a busy timeout, set where the
 * connection opens. The server's connection sets the same (lib/db/sql/driver.ts).
 */
function sqliteAdapter(url: string): PrismaBetterSQLite3 {
  const factory = new PrismaBetterSQLite3({ url, timeout: 5000 });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    await adapter.executeScript(SQLITE_SETTINGS_SCRIPT);
    // Prisma opens its transactions with a deferred BEGIN. In WAL mode a deferred transaction
    // that has read cannot start writing once another connection (the server's) has committed:
    // SQLite answers "database is locked" at once, without waiting. BEGIN IMMEDIATE takes the
    // write lock first, so the transaction waits its turn instead (the busy timeout).
    const client = (adapter as unknown as { client: { prepare(sql: string): unknown } }).client;
    const prepare = client.prepare.bind(client);
    client.prepare = (sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
    return adapter;
  };
  return factory;
}

const globalForDb = globalThis as unknown as { gatehouseDb?: { url: string; client: Db } };

/** The process-wide client for the configured database. */
export function db(): Db {
  const url = config().databaseUrl;
  if (globalForDb.gatehouseDb?.url !== url) {
    globalForDb.gatehouseDb = { url, client: createClient(url) };
  }
  return globalForDb.gatehouseDb.client;
}
