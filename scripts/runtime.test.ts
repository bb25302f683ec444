import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config/env";
import { appliedMigrations, checkMigrations, migrate, migrateSetting, migrationNames, serverNodeFlags } from "./runtime.mjs";

describe("the server process's V8 heap size", () => {
  it("bounds the old generation, unless NODE_OPTIONS sizes it", () => {
    expect(serverNodeFlags({})).toEqual(["--max-old-space-size=192"]);
    expect(serverNodeFlags({ NODE_OPTIONS: "--enable-source-maps" })).toEqual(["--max-old-space-size=192"]);
    expect(serverNodeFlags({ NODE_OPTIONS: "--max-old-space-size=1024" })).toEqual([]);
  });
});

const newDatabase = () => `file:${path.join(mkdtempSync(path.join(tmpdir(), "gatehouse-migrate-")), "gatehouse.db")}`;

/** A database whose _prisma_migrations table records these rows (as Prisma Migrate writes them). */
function withRecorded(url: string, rows: { name: string; finished: boolean; rolledBack?: boolean }[]) {
  const db = new Database(url.slice("file:".length));
  db.exec("CREATE TABLE _prisma_migrations (id TEXT PRIMARY KEY, checksum TEXT NOT NULL, finished_at DATETIME, migration_name TEXT NOT NULL, logs TEXT, rolled_back_at DATETIME, started_at DATETIME NOT NULL DEFAULT current_timestamp, applied_steps_count INTEGER NOT NULL DEFAULT 0)");
  const insert = db.prepare("INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, rolled_back_at) VALUES (?, 'x', ?, ?, ?)");
  rows.forEach((r, i) => insert.run(String(i), r.finished ? "2026-12-01" : null, r.name, r.rolledBack ? "2026-12-01" : null));
  db.close();
}

describe("migrations at start", () => {
  it("counts only finished migrations that were not rolled back, and none in a new database", async () => {
    const fresh = newDatabase();
    expect(await appliedMigrations(fresh)).toEqual(new Set());
    const url = newDatabase();
    withRecorded(url, [{ name: "0001_init", finished: true }, { name: "0002_drop_unused", finished: false }, { name: "0003_x", finished: true, rolledBack: true }]);
    expect(await appliedMigrations(url)).toEqual(new Set(["0001_init"]));
  });

  it("runs no Prisma CLI when every migration is applied, so a start prints no Prisma warning", async () => {
    const url = newDatabase();
    withRecorded(url, migrationNames(url).map((name) => ({ name, finished: true })));
    const lines: string[] = [];
    await migrate(url, (line: string) => lines.push(line));
    expect(lines).toEqual([`gatehouse: the database has all ${migrationNames(url).length} migrations`]);
  });

  it("applies the migrations of a new database with Prisma Migrate", { timeout: 60_000 }, async () => {
    const url = newDatabase();
    const lines: string[] = [];
    await migrate(url, (line: string) => lines.push(line));
    expect(lines).toEqual([]);
    expect(await appliedMigrations(url)).toEqual(new Set(migrationNames(url)));
  });

  const server = process.env.DATABASE_URL ?? "";
  it.runIf(/^postgres(ql)?:/.test(server))("on PostgreSQL too: applies a new database's migrations, then runs no CLI", { timeout: 120_000 }, async () => {
    const name = `gatehouse_migrate_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
    expect(await appliedMigrations(url)).toEqual(new Set());
    await migrate(url, () => {});
    expect(await appliedMigrations(url)).toEqual(new Set(migrationNames(url)));
    const lines: string[] = [];
    await migrate(url, (line: string) => lines.push(line));
    expect(lines).toEqual([`gatehouse: the database has all ${migrationNames(url).length} migrations`]);
  });
});

describe("GATEHOUSE_MIGRATE", () => {
  it("is read by the start script as the server's configuration reads it", () => {
    for (const value of [undefined, "", "on", "off"]) {
      expect(migrateSetting({ GATEHOUSE_MIGRATE: value })).toBe(parseConfig({ GATEHOUSE_MIGRATE: value }).migrate);
    }
    for (const value of ["ON", "Off", "yes", "false", "0", " off"]) {
      expect(() => migrateSetting({ GATEHOUSE_MIGRATE: value })).toThrow("GATEHOUSE_MIGRATE must be on or off");
      expect(() => parseConfig({ GATEHOUSE_MIGRATE: value })).toThrow("GATEHOUSE_MIGRATE must be on or off");
    }
  });
});

describe("a start with GATEHOUSE_MIGRATE=off", () => {
  const names = migrationNames("file:x");
  const allBut = (missing: string[]) => names.filter((name) => !missing.includes(name)).map((name) => ({ name, finished: true }));

  it("serves a database with every migration of this build, and with a later release's too", async () => {
    const url = newDatabase();
    withRecorded(url, [...allBut([]), { name: "9999_later_release", finished: true }]);
    const lines: string[] = [];
    await checkMigrations(url, (line: string) => lines.push(line));
    expect(lines).toEqual([`gatehouse: the database has all ${names.length} migrations of this build (GATEHOUSE_MIGRATE=off: checked, none applied)`]);
    // Checked, not applied: the database is as it was.
    expect(await appliedMigrations(url)).toEqual(new Set([...names, "9999_later_release"]));
  });

  it("refuses a database that lacks some, naming them and the release step", async () => {
    const lacking = names.slice(-2);
    const url = newDatabase();
    withRecorded(url, [...allBut(lacking), { name: lacking[1]!, finished: true, rolledBack: true }]);
    await expect(checkMigrations(url, () => {})).rejects.toThrow(
      `the database lacks 2 of this build's ${names.length} migrations: ${lacking.join(", ")}. Apply them with \`npm run db:deploy\``,
    );
    expect(await appliedMigrations(url)).toEqual(new Set(names.slice(0, -2)));
  });

  it("refuses a new database, and applies nothing to it", async () => {
    const url = newDatabase();
    await expect(checkMigrations(url, () => {})).rejects.toThrow(`the database lacks ${names.length} of this build's ${names.length} migrations: ${names.join(", ")}.`);
    expect(await appliedMigrations(url)).toEqual(new Set());
  });

  /** `npm start` as an operator runs it, with a secret (so it writes none) and this environment. */
  function start(env: Record<string, string>) {
    const result = spawnSync(process.execPath, [path.join(__dirname, "start.mjs")], { env: { ...process.env, NEXTAUTH_SECRET: "s".repeat(32), ...env }, encoding: "utf8", timeout: 30_000 });
    return { status: result.status, stderr: result.stderr, stdout: result.stdout };
  }

  it("exits non-zero before building or serving when a migration is missing, and says what to run", () => {
    const url = newDatabase();
    withRecorded(url, allBut([names.at(-1)!]));
    const result = start({ DATABASE_URL: url, GATEHOUSE_MIGRATE: "off" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`gatehouse: the database lacks 1 of this build's ${names.length} migrations: ${names.at(-1)}. Apply them with \`npm run db:deploy\``);
    expect(result.stdout).not.toContain("npm run build");
  });

  it("refuses a value that is neither on nor off", () => {
    const result = start({ DATABASE_URL: newDatabase(), GATEHOUSE_MIGRATE: "yes" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("gatehouse: GATEHOUSE_MIGRATE must be on or off");
  });
});
