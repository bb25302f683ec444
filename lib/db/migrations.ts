import { readdirSync } from "node:fs";
import path from "node:path";
import { config, isPostgresUrl } from "@/lib/config/env";
import { sqlDatabase } from "@/lib/db/sql/database";
import type { SqlDriver } from "@/lib/db/sql/driver";

/**
 * Which of this build's migrations the database lacks: what the readiness check asks of a
 * serving instance. (A start with GATEHOUSE_MIGRATE=off asks the same before serving, through
 * scripts/runtime.mjs: plain JavaScript, which cannot import this module.) The migrations are
 * Prisma Migrate's folders; Prisma records each one it applies in `_prisma_migrations`, a failed
 * or rolled-back attempt too.
 */

/** This build's migration folders, read once per folder: a build's migrations never change while it runs. */
const shipped = new Map<string, string[]>();

function migrationFolder(): string {
  const { root, databaseUrl } = config();
  return path.join(/*turbopackIgnore: true*/ root, "prisma", isPostgresUrl(databaseUrl) ? "migrations-postgres" : "migrations");
}

function shippedMigrations(): string[] {
  const folder = migrationFolder();
  let names = shipped.get(folder);
  if (!names) {
    names = readdirSync(/*turbopackIgnore: true*/ folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    shipped.set(folder, names);
  }
  return names;
}

/** A migration counts as applied once Prisma finished it and nobody marked it rolled back (`prisma migrate resolve --rolled-back`). */
const APPLIED_SQL = `SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`;
const TABLE_EXISTS_SQL = {
  sqlite: `SELECT 1 AS "found" FROM "sqlite_master" WHERE "type" = 'table' AND "name" = '_prisma_migrations'`,
  postgres: `SELECT 1 AS "found" WHERE to_regclass('_prisma_migrations') IS NOT NULL`,
} as const;

/** True when the database answers that it has no `_prisma_migrations` table; false when it has one or cannot tell. */
async function lacksMigrationsTable(db: SqlDriver): Promise<boolean> {
  try {
    return (await db.all(TABLE_EXISTS_SQL[db.dialect], [])).length === 0;
  } catch {
    return false;
  }
}

/**
 * The names of this build's migrations (the folders under prisma/migrations, or
 * prisma/migrations-postgres on PostgreSQL) that the database does not record as applied, in
 * order; every one of them for a database no migration has touched yet. Migrations the
 * database has and this build does not ship (a later release's) are not this build's concern:
 * the expand-then-contract rule keeps their schema readable by it (docs/DEPLOYMENT.md). One
 * query on the process's connection; throws when the database cannot be read.
 */
export async function missingMigrations(): Promise<string[]> {
  const names = shippedMigrations();
  const db = sqlDatabase();
  let rows: { migration_name: unknown }[];
  try {
    rows = await db.all<{ migration_name: unknown }>(APPLIED_SQL, []);
  } catch (error) {
    // The usual answer costs one query; only a failed one asks whether the table is there.
    if (await lacksMigrationsTable(db)) return names;
    throw error;
  }
  const applied = new Set(rows.map((row) => String(row.migration_name)));
  return names.filter((name) => !applied.has(name));
}
