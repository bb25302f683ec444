import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { appliedMigrations, migrate, migrationNames, serverNodeFlags } from "./runtime.mjs";

describe("the server process's V8 heap size", () => {
  it("bounds the old generation, unless NODE_OPTIONS sizes it", () => {
    expect(serverNodeFlags({})).toEqual(["--max-old-space-size=192"]);
    expect(serverNodeFlags({ NODE_OPTIONS: "--enable-source-maps" })).toEqual(["--max-old-space-size=192"]);
    expect(serverNodeFlags({ NODE_OPTIONS: "--max-old-space-size=1024" })).toEqual([]);
  });
});

describe("migrations at start", () => {
  const newDatabase = () => `file:${path.join(mkdtempSync(path.join(tmpdir(), "gatehouse-migrate-")), "gatehouse.db")}`;

  /** A database whose _prisma_migrations table records these rows (as Prisma Migrate writes them). */
  function withRecorded(url: string, rows: { name: string; finished: boolean; rolledBack?: boolean }[]) {
    const db = new Database(url.slice("file:".length));
    db.exec("CREATE TABLE _prisma_migrations (id TEXT PRIMARY KEY, checksum TEXT NOT NULL, finished_at DATETIME, migration_name TEXT NOT NULL, logs TEXT, rolled_back_at DATETIME, started_at DATETIME NOT NULL DEFAULT current_timestamp, applied_steps_count INTEGER NOT NULL DEFAULT 0)");
    const insert = db.prepare("INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, rolled_back_at) VALUES (?, 'x', ?, ?, ?)");
    rows.forEach((r, i) => insert.run(String(i), r.finished ? "2026-12-01" : null, r.name, r.rolledBack ? "2026-12-01" : null));
    db.close();
  }

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
