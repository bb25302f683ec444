// Shared by the start, migrate and test scripts: where the project is, which database it
// uses, and how to run a command from node_modules/.bin.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(fileURLToPath(new URL("..", import.meta.url)));

/** DATABASE_URL as the app resolves it: a relative SQLite path is taken from the project root. */
export function databaseUrl(env = process.env) {
  const url = env.DATABASE_URL;
  if (!url) return `file:${path.join(root, "prisma", "gatehouse.db")}`;
  if (!url.startsWith("file:")) return url;
  const file = url.slice("file:".length);
  return `file:${path.isAbsolute(file) ? file : path.resolve(root, file)}`;
}

/** NEXTAUTH_SECRET, or one generated once and kept in the git-ignored .gatehouse-secret. */
export function sessionSecret(env = process.env) {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  const file = path.join(root, ".gatehouse-secret");
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString("base64url") + "\n", { mode: 0o600 });
    console.log("gatehouse: generated a session secret in .gatehouse-secret (set NEXTAUTH_SECRET in production)");
  }
  return readFileSync(file, "utf8").trim();
}

/** node_modules/.bin/NAME when the project has it, else NAME from PATH. */
export function binary(name) {
  const local = path.join(root, "node_modules", ".bin", name);
  return existsSync(local) ? local : name;
}

/** Runs a command in the project root; resolves on exit 0, rejects otherwise. */
export function run(bin, args, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary(bin), args, { cwd: root, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${bin} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

const isPostgres = (url) => /^postgres(ql)?:/.test(url);

/** The names of the migrations folder for this database, in order. */
export function migrationNames(url) {
  const folder = path.join(root, "prisma", isPostgres(url) ? "migrations-postgres" : "migrations");
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * The migrations Prisma Migrate recorded as applied (finished and not rolled back) in its
 * _prisma_migrations table; none for a new database. A failed migration is not among them.
 */
export async function appliedMigrations(url) {
  const applied = "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL";
  if (isPostgres(url)) {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      if ((await client.query("SELECT to_regclass('_prisma_migrations') AS t")).rows[0].t === null) return new Set();
      return new Set((await client.query(applied)).rows.map((r) => r.migration_name));
    } finally {
      await client.end();
    }
  }
  const file = url.slice("file:".length);
  if (!existsSync(file)) return new Set();
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get()) return new Set();
    return new Set(db.prepare(applied).all().map((r) => r.migration_name));
  } finally {
    db.close();
  }
}

/** This build's migrations the database lacks, in order (all of them for a new database); throws when it cannot be read. */
export async function missingMigrations(url) {
  const applied = await appliedMigrations(url);
  return migrationNames(url).filter((name) => !applied.has(name));
}

/**
 * GATEHOUSE_MIGRATE as lib/config/env.ts reads it (the start script cannot import it): `on`, the
 * default, also when blank, or `off`. Anything else is refused with the same message.
 */
export function migrateSetting(env = process.env) {
  const value = env.GATEHOUSE_MIGRATE;
  if (value === undefined || value === "") return "on";
  if (value === "on" || value === "off") return value;
  throw new Error("GATEHOUSE_MIGRATE must be on or off");
}

/**
 * Applies pending migrations to the database (creating a SQLite file if it is missing). Prisma's
 * CLI runs only when a migration is pending: with nothing to apply it would only print, on every
 * start, Prisma 6.19's warning that the schema's datasource url is unused beside a driver
 * adapter, a url that same version cannot parse a schema without (prisma/schema.prisma). When
 * the database cannot be read here, the CLI runs and says why. Instances started together on a
 * new database take turns (withMigrationLock): one applies the migrations, the others find them
 * applied.
 */
export async function migrate(url, log = console.log) {
  const names = migrationNames(url);
  const pending = async () => {
    const applied = await appliedMigrations(url).catch(() => null);
    return applied === null ? names : names.filter((name) => !applied.has(name));
  };
  const allApplied = `gatehouse: the database has all ${names.length} migrations`;
  if ((await pending()).length === 0) return log(allApplied);
  await withMigrationLock(
    url,
    async () => {
      // Applied by the instance this one waited for.
      if ((await pending()).length === 0) return log(allApplied);
      await run("prisma", ["migrate", "deploy"], { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" });
    },
    log,
  );
}

/**
 * GATEHOUSE_MIGRATE=off: applies nothing (`npm run db:deploy` is the release step) and refuses to
 * start on a database that lacks one of this build's migrations. Migrations a later release
 * applied are fine: that release's migrations keep this one serving (expand, then contract).
 */
export async function checkMigrations(url, log = console.log) {
  const names = migrationNames(url);
  let missing;
  try {
    missing = await missingMigrations(url);
  } catch (error) {
    throw new Error(`cannot read which migrations the database has (${error.message}); with GATEHOUSE_MIGRATE=off the server starts once it can`);
  }
  if (missing.length > 0) {
    throw new Error(
      `the database lacks ${missing.length} of this build's ${names.length} migrations: ${missing.join(", ")}. ` +
        "Apply them with `npm run db:deploy` (the release step: this build, the same DATABASE_URL), then start again; " +
        "with GATEHOUSE_MIGRATE=off an instance never applies migrations itself.",
    );
  }
  log(`gatehouse: the database has all ${names.length} migrations of this build (GATEHOUSE_MIGRATE=off: checked, none applied)`);
}

/**
 * PostgreSQL: the advisory lock key migrate() holds (ASCII "gate"). Prisma Migrate takes its own
 * (72707369) inside it, for 10 s at most.
 */
const PG_MIGRATION_LOCK = 0x67617465;
const LOCK_POLL_MS = 100;

/**
 * Runs `work` holding the database's migration lock, waiting for it as long as another holder
 * keeps it: Prisma Migrate's own waits are short (10 s for its PostgreSQL advisory lock, the
 * 5 s busy timeout of its SQLite connection; then it fails), shorter than a release's
 * migrations may take. PostgreSQL: a session advisory lock; SQLite: an exclusive transaction on
 * a file beside the database, `<database file>-migrate-lock`. Either ends with its holder, a
 * crashed one too. When no lock can be taken (the database cannot be reached), `work` runs
 * anyway: the Prisma CLI then says what is wrong.
 */
export async function withMigrationLock(url, work, log = console.log) {
  const lock = await (isPostgres(url) ? postgresLock(url, log) : sqliteLock(url, log)).catch(() => null);
  try {
    return await work();
  } finally {
    await lock?.release();
  }
}

async function postgresLock(url, log) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  // A connection lost while held: the lock is gone with it, and Prisma's own still guards.
  client.on("error", () => {});
  await client.connect();
  try {
    if (!(await client.query("SELECT pg_try_advisory_lock($1) AS locked", [PG_MIGRATION_LOCK])).rows[0].locked) {
      log("gatehouse: waiting for another instance's migrations");
      await client.query("SELECT pg_advisory_lock($1)", [PG_MIGRATION_LOCK]);
    }
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return { release: () => client.end() };
}

async function sqliteLock(url, log) {
  const { default: Database } = await import("better-sqlite3");
  // Its own file: the database's locks are Prisma's while it migrates.
  const db = new Database(`${url.slice("file:".length)}-migrate-lock`, { timeout: 0 });
  for (let waiting = false; ; waiting = true) {
    try {
      db.exec("BEGIN EXCLUSIVE");
      return { release: async () => db.close() };
    } catch (error) {
      if (error.code !== "SQLITE_BUSY") {
        db.close();
        throw error;
      }
      if (!waiting) log("gatehouse: waiting for another instance's migrations");
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }
}

/**
 * The V8 old-generation size for the server process (`npm start`, and the benchmark, which runs
 * it the same way). Under load the live heap stays under 70 MB, but with Node's defaults V8 lets
 * garbage grow the old generation to about 200 MB before collecting it; bounded here, the peak
 * RSS of the full benchmark fell from 426 to under 300 MB (docs/PERFORMANCE.md). The young
 * generation keeps its default size: a smaller one promotes more short-lived request objects.
 * A size given in NODE_OPTIONS wins.
 */
export function serverNodeFlags(env = process.env) {
  const options = env.NODE_OPTIONS ?? "";
  return /--max-old-space-size/.test(options) ? [] : ["--max-old-space-size=192"];
}
