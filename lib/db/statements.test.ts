import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { problemsOf, readSqlTexts, schemaTables, serverSources, sqlTextsOf } from "@/lib/testing/sql-statements";

/**
 * Every statement the server runs is written in lib/db (and the rate limiter's counters); the
 * Prisma schema is the single source of the tables. A statement that names a table or column the
 * schema does not have fails here, before any database is involved; the contract suite then runs
 * the statements on both databases.
 */
const ROOT = path.resolve(__dirname, "..", "..");
/**
 * Besides the schema's: the table Prisma Migrate keeps of the migrations it applied (made by
 * Prisma, in no schema) and SQLite's catalog, which lib/db/migrations.ts reads, with the columns it reads.
 */
const MIGRATIONS_BOOKKEEPING: [string, ReadonlySet<string>][] = [
  ["_prisma_migrations", new Set(["migration_name", "finished_at", "rolled_back_at"])],
  ["sqlite_master", new Set(["type", "name"])],
];
const schema = new Map([...schemaTables(readFileSync(path.join(ROOT, "prisma", "schema.prisma"), "utf8")), ...MIGRATIONS_BOOKKEEPING]);
const texts = readSqlTexts(ROOT, [...serverSources(ROOT, "lib/db"), ...serverSources(ROOT, "lib/rate-limit")]);

describe("the server's statements", () => {
  it("name only the schema's tables and their columns", () => {
    const drifted = texts.flatMap(({ file, line, text }) => problemsOf(text, schema).map((problem) => `${file}:${line}: ${problem}`));
    expect(drifted).toEqual([]);
  });

  it("are found: the scan reads the statements of every entity module", () => {
    const files = new Set(texts.map((t) => t.file));
    for (const entity of ["applications", "codes", "grants", "operators", "personal-keys", "registered-apis", "scope-approvals", "token-families", "users", "ended-sessions"]) {
      expect(files, entity).toContain(`lib/db/${entity}.ts`);
    }
    expect(texts.length).toBeGreaterThan(100);
  });
});

describe("the statement check", () => {
  const check = (sql: string) => problemsOf(sql, schema);

  it("passes what the schema has, with aliases, result names and qualified columns", () => {
    expect(check(`SELECT a."id", o."name" AS "ownerName" FROM "Application" a JOIN "User" o ON o."id" = a."ownerId" WHERE a."clientId" = ?`)).toEqual([]);
    expect(check(`INSERT INTO "CatalogueVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "CatalogueVersion"."version" + 1`)).toEqual([]);
    expect(check(`DELETE FROM "gatehouse_rate_limits" WHERE "expire" < ?`)).toEqual([]);
  });

  it("fails a renamed column, an unknown table, a column of another table and a wrong alias", () => {
    expect(check(`SELECT "id", "secretHash" FROM "ClientSecret" WHERE "applicationId" = ?`)).toEqual([`no column "secretHash" in "ClientSecret"`]);
    expect(check(`UPDATE "Token" SET "revokedAt" = ?`)).toEqual([`no table "Token"`]);
    expect(check(`SELECT "email" FROM "Application" WHERE "id" = ?`)).toEqual([`no column "email" in "Application"`]);
    expect(check(`SELECT a."email" FROM "Application" a JOIN "User" o ON o."id" = a."ownerId"`)).toEqual([`no column "email" in "Application"`]);
    expect(check(`UPDATE "Grant" SET "scope" = ? WHERE "Grant"."lastUsed" IS NULL`)).toContain(`no column "lastUsed" in "Grant"`);
  });

  it("refuses an identifier made by a substitution, and checks a template's constants in place", () => {
    const [dynamic] = sqlTextsOf("x.ts", 'const t = "User"; export const q = (c: string) => `SELECT "id" FROM "${t}" WHERE "${c}" = ?`;');
    expect(check(dynamic!.text)).toEqual(["a quoted identifier is made by a substitution: it cannot be checked"]);
    const found = sqlTextsOf("x.ts", 'const COLUMNS = `"id", "nickname"`; export const q = `SELECT ${COLUMNS} FROM "User" WHERE "id" = ?`;');
    expect(found.map((t) => check(t.text))).toContainEqual([`no column "nickname" in "User"`]);
  });
});
