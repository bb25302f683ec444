import Database from "better-sqlite3";
import { execFileSync, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createClient, type Db } from "@/lib/testing/prisma";
import { emptyDatabase, isPostgres } from "@/lib/testing/test-databases";
import { checkMigrations, withMigrationLock } from "./runtime.mjs";

/**
 * The migration step of `npm start` and `npm run db:deploy` (scripts/migrate.mjs) on a new
 * database, as instances started together run it, on this run's database server (SQLite files,
 * or PostgreSQL databases made for each test).
 */
const ROOT = path.resolve(__dirname, "..");
const baseUrl = inject("baseUrl") || undefined;
const MIGRATIONS = path.join(ROOT, "prisma", isPostgres(baseUrl) ? "migrations-postgres" : "migrations");
const shipped = readdirSync(MIGRATIONS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
/** Prisma Migrate's own PostgreSQL advisory lock, which it waits 10 s for. */
const PRISMA_PG_LOCK = 72707369;

type Exit = { code: number | null; output: string };
type Child = { exited: Promise<Exit>; running: () => boolean; output: () => string };

/** A script of the project run as an instance runs it, against `url`. */
function runScript(script: string, url: string, env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", script)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, NEXTAUTH_SECRET: "s".repeat(32), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<Exit>((resolve) => child.on("exit", (code) => resolve({ code, output })));
  return { exited, running: () => child.exitCode === null && child.signalCode === null, output: () => output };
}

const clients: Db[] = [];
afterAll(async () => {
  for (const client of clients) await client.$disconnect();
});

/** Every row Prisma Migrate keeps, by migration name. */
async function recorded(url: string): Promise<Map<string, { finished: boolean; rolledBack: boolean }[]>> {
  const client = createClient(url);
  clients.push(client);
  const rows = await client.$queryRawUnsafe<{ migration_name: string; finished_at: unknown; rolled_back_at: unknown }[]>(
    `SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations`,
  );
  const byName = new Map<string, { finished: boolean; rolledBack: boolean }[]>();
  for (const row of rows) byName.set(row.migration_name, [...(byName.get(row.migration_name) ?? []), { finished: row.finished_at !== null, rolledBack: row.rolled_back_at !== null }]);
  return byName;
}

/** Each of this build's migrations applied once: one finished row, nothing rolled back, nothing else. */
async function expectAppliedOnce(url: string): Promise<void> {
  const rows = await recorded(url);
  expect([...rows.keys()].sort()).toEqual(shipped);
  for (const name of shipped) expect(rows.get(name), name).toEqual([{ finished: true, rolledBack: false }]);
}

const RAN_PRISMA = /have been successfully applied/;
const WAITED = "gatehouse: waiting for another instance's migrations";
const HAS_ALL = `gatehouse: the database has all ${shipped.length} migrations`;

describe("instances started at once on a new database", () => {
  it("both come up: one applies every migration once, the other finds them applied", { timeout: 120_000 }, async () => {
    const url = await emptyDatabase(baseUrl);
    const [first, second] = await Promise.all([runScript("migrate.mjs", url).exited, runScript("migrate.mjs", url).exited]);
    expect(first, first.output).toMatchObject({ code: 0 });
    expect(second, second.output).toMatchObject({ code: 0 });
    expect([first, second].filter((exit) => RAN_PRISMA.test(exit.output))).toHaveLength(1);
    expect([first, second].filter((exit) => exit.output.includes(HAS_ALL))).toHaveLength(1);
    await expectAppliedOnce(url);
  });

  it("wait for migrations that take longer than Prisma Migrate waits for its own lock, and apply nothing again", { timeout: 120_000 }, async () => {
    const url = await emptyDatabase(baseUrl);
    let second: Child | undefined;
    // This test is the first instance: it holds the migration lock, and for 11 s the lock Prisma
    // Migrate takes while it migrates (Prisma gives up after 10 s on PostgreSQL, 5 s on SQLite).
    await withMigrationLock(
      url,
      async () => {
        const releasePrismaLock = await holdPrismaLock(url);
        second = runScript("migrate.mjs", url);
        await new Promise((resolve) => setTimeout(resolve, 11_000));
        expect(second.running(), second.output()).toBe(true);
        expect(second.output()).toContain(WAITED);
        await releasePrismaLock();
        execFileSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" }, stdio: "pipe" });
        expect(second.running(), second.output()).toBe(true);
      },
      () => {},
    );
    const exit = await second!.exited;
    expect(exit, exit.output).toMatchObject({ code: 0 });
    expect(exit.output).toContain(HAS_ALL);
    expect(exit.output).not.toMatch(RAN_PRISMA);
    await expectAppliedOnce(url);
  });
});

/** Takes the lock Prisma Migrate holds while it migrates; resolves to its release. */
async function holdPrismaLock(url: string): Promise<() => Promise<void>> {
  if (/^postgres(ql)?:/.test(url)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_PG_LOCK]);
    return () => client.end();
  }
  // Prisma migrates a SQLite file in exclusive locking mode: nobody else reads or writes it meanwhile.
  const db = new Database(url.slice("file:".length));
  db.exec("BEGIN EXCLUSIVE");
  return async () => {
    db.close();
  };
}

describe("a start with GATEHOUSE_MIGRATE=off", () => {
  it("refuses a new database, naming every migration and the release step, and passes the check once they are applied", { timeout: 120_000 }, async () => {
    const url = await emptyDatabase(baseUrl);
    const refused = await runScript("start.mjs", url, { GATEHOUSE_MIGRATE: "off" }).exited;
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toContain(`gatehouse: the database lacks ${shipped.length} of this build's ${shipped.length} migrations: ${shipped.join(", ")}. Apply them with \`npm run db:deploy\``);
    expect(refused.output).not.toMatch(RAN_PRISMA);

    const deployed = await runScript("migrate.mjs", url).exited;
    expect(deployed, deployed.output).toMatchObject({ code: 0 });
    const lines: string[] = [];
    await checkMigrations(url, (line: string) => lines.push(line));
    expect(lines).toEqual([`${HAS_ALL} of this build (GATEHOUSE_MIGRATE=off: checked, none applied)`]);
  });
});
