import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";

/** Fresh, migrated databases for tests: one template migrated per run, one copy per test file. */
export const TEST_DB_DIR = path.resolve(__dirname, "..", "..", ".test-db", "vitest");
const PG_TEMPLATE = "gatehouse_test_template";
const PG_PREFIX = "gatehouse_test_";

export function isPostgres(url: string | undefined): url is string {
  return /^postgres(ql)?:\/\//.test(url ?? "");
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(baseUrl: string, sql: string): Promise<{ rows: Record<string, unknown>[] }> {
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Where the template should be created: an empty URL to migrate. */
export async function prepareTemplate(baseUrl: string | undefined): Promise<string> {
  if (isPostgres(baseUrl)) {
    await dropTestDatabases(baseUrl);
    await adminQuery(baseUrl, `CREATE DATABASE "${PG_TEMPLATE}"`);
    return withDatabase(baseUrl, PG_TEMPLATE);
  }
  rmSync(TEST_DB_DIR, { recursive: true, force: true });
  mkdirSync(TEST_DB_DIR, { recursive: true });
  return `file:${path.join(TEST_DB_DIR, "template.db")}`;
}

/** A new database with the template's schema, for one test file. */
export async function cloneTemplate(baseUrl: string | undefined, templateUrl: string): Promise<string> {
  const name = `${PG_PREFIX}${randomBytes(6).toString("hex")}`;
  if (isPostgres(baseUrl)) {
    await adminQuery(baseUrl, `CREATE DATABASE "${name}" TEMPLATE "${PG_TEMPLATE}"`);
    return withDatabase(baseUrl, name);
  }
  const file = path.join(TEST_DB_DIR, `${name}.db`);
  copyFileSync(templateUrl.slice("file:".length), file);
  return `file:${file}`;
}

/** A new database with no tables at all, for a test that migrates it itself; dropped with the others. */
export async function emptyDatabase(baseUrl: string | undefined): Promise<string> {
  const name = `${PG_PREFIX}${randomBytes(6).toString("hex")}`;
  if (isPostgres(baseUrl)) {
    await adminQuery(baseUrl, `CREATE DATABASE "${name}"`);
    return withDatabase(baseUrl, name);
  }
  return `file:${path.join(TEST_DB_DIR, `${name}.db`)}`;
}

export async function dropTestDatabases(baseUrl: string | undefined): Promise<void> {
  if (!isPostgres(baseUrl)) {
    rmSync(TEST_DB_DIR, { recursive: true, force: true });
    return;
  }
  const { rows } = await adminQuery(baseUrl, `SELECT datname FROM pg_database WHERE datname LIKE '${PG_PREFIX}%'`);
  for (const row of rows) await adminQuery(baseUrl, `DROP DATABASE IF EXISTS "${String(row.datname)}" WITH (FORCE)`);
}
