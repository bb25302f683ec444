import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { breakingChanges, emptySchema, statements, type Schema } from "@/lib/testing/expand-contract";

/**
 * Migrations are expand-then-contract (docs/DEPLOYMENT.md, "Upgrading"): during a rolling
 * upgrade the previous release keeps serving on the database the new release's migrations have
 * changed, so a release's migrations only add what the previous release can ignore. Taking
 * away or tightening what it reads or writes waits for a later release, once no instance runs
 * the previous one. This reads every migration of both folders for what would break it.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const FOLDERS = ["migrations", "migrations-postgres"] as const;

/**
 * Migrations released before the rule, each with what it does that the rule now refuses. The
 * list is closed: a migration after LAST_BEFORE_THE_RULE cannot be added to it.
 */
const LAST_BEFORE_THE_RULE = "0007_cached_rows_notify";
const RELEASED_BEFORE_THE_RULE: Record<string, { reason: string; breaks: string[] }> = {
  "migrations/0002_drop_unused": {
    reason:
      "Dropped codeChallengeMethod in the release whose code stopped writing it: the release before wrote it (always S256) on every authorization request, and would have failed while both ran. RateLimitBucket was read and written by no release.",
    breaks: ['drops table "RateLimitBucket"', 'drops column "AuthorizationCode"."codeChallengeMethod"', 'drops column "PendingAuthorization"."codeChallengeMethod"'],
  },
  "migrations-postgres/0002_drop_unused": {
    reason: "The PostgreSQL copy of migrations/0002_drop_unused, for the same reason.",
    breaks: ['drops column "AuthorizationCode"."codeChallengeMethod"', 'drops column "PendingAuthorization"."codeChallengeMethod"', 'drops table "RateLimitBucket"'],
  },
};

const SPLIT_IT =
  "would break the release before it, which keeps serving on the same database during a rolling upgrade. " +
  "Split the change in two releases: expand (add the new table or column, nullable or with a DEFAULT, and have the code write both) " +
  "and, once no instance runs the previous release, contract (drop, rename or tighten what the code no longer reads). " +
  'See docs/DEPLOYMENT.md, "Upgrading".';

function migrationsOf(folder: string): { name: string; sql: string }[] {
  const dir = path.join(ROOT, "prisma", folder);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}

/** Each migration of the folder with what it breaks, read in order from an empty database; and the schema they leave. */
function readFolder(folder: string): { found: { id: string; breaks: string[] }[]; schema: Schema } {
  const schema = emptySchema();
  const found = migrationsOf(folder).map(({ name, sql }) => ({ id: `${folder}/${name}`, breaks: breakingChanges(sql, schema) }));
  return { found, schema };
}

describe("every migration keeps the previous release serving", () => {
  for (const folder of FOLDERS) {
    it(`prisma/${folder}`, () => {
      const { found } = readFolder(folder);
      expect(found.length).toBeGreaterThan(5);
      for (const { id, breaks } of found) {
        if (id in RELEASED_BEFORE_THE_RULE) continue;
        expect(breaks, `prisma/${id}/migration.sql ${breaks.join("; ")}: it ${SPLIT_IT}`).toEqual([]);
      }
    });
  }

  it("except those released before the rule, each for its reason and no more than it lists", () => {
    const all = FOLDERS.flatMap((folder) => readFolder(folder).found);
    for (const [id, { reason, breaks }] of Object.entries(RELEASED_BEFORE_THE_RULE)) {
      expect(reason.length).toBeGreaterThan(20);
      expect(id.split("/")[1]! <= LAST_BEFORE_THE_RULE, `${id} came after the rule: it cannot be excused`).toBe(true);
      expect(all.find((m) => m.id === id)?.breaks, id).toEqual(breaks);
    }
  });

  it("is read as the migrations leave the schema: the tables and columns of prisma/schema.prisma, in both folders", () => {
    const declared = declaredColumns();
    for (const folder of FOLDERS) {
      const { schema } = readFolder(folder);
      const read = Object.fromEntries([...schema.tables].map(([table, columns]) => [table, Object.fromEntries([...columns].map(([name, c]) => [name, c.notNull]))]));
      expect(read, folder).toEqual(declared);
    }
  });
});

/** Each model's table and its scalar columns (NOT NULL unless optional), as prisma/schema.prisma declares them. */
function declaredColumns(): Record<string, Record<string, boolean>> {
  const schema = readFileSync(path.join(ROOT, "prisma", "schema.prisma"), "utf8");
  const tables: Record<string, Record<string, boolean>> = {};
  for (const [, model, body] of schema.matchAll(/^model (\w+) \{([^}]*)\}/gm)) {
    const table = /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? model!;
    tables[table] = Object.fromEntries(
      [...body!.matchAll(/^\s+(\w+)\s+(?:String|Int|BigInt|DateTime|Boolean|Float|Decimal|Bytes|Json)(\?)?/gm)].map(([, field, optional]) => [field!, optional === undefined]),
    );
  }
  return tables;
}

describe("what the check refuses", () => {
  /** The findings of `sql` run after a migration that made the previous release's tables. */
  function breaks(sql: string): string[] {
    const schema = emptySchema();
    expect(
      breakingChanges(
        `CREATE TABLE "User" ("id" TEXT NOT NULL PRIMARY KEY, "email" TEXT NOT NULL, "name" TEXT, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP);
         CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
         CREATE INDEX "User_name_idx" ON "User"("name");
         CREATE FUNCTION "tell"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN RETURN NULL\\073 END';
         CREATE TRIGGER "User_told" AFTER UPDATE ON "User" FOR EACH STATEMENT EXECUTE FUNCTION "tell"();`,
        schema,
      ),
    ).toEqual([]);
    return breakingChanges(sql, schema);
  }

  it("taking away a table, a column, a unique index, a primary key or a trigger the previous release uses", () => {
    expect(breaks(`DROP TABLE "User"`)).toEqual(['drops table "User"']);
    expect(breaks(`ALTER TABLE "User" DROP COLUMN "name"`)).toEqual(['drops column "User"."name"']);
    expect(breaks(`DROP INDEX "User_email_key"`)).toEqual(['drops unique index "User_email_key" of "User"']);
    expect(breaks(`DROP INDEX "User_email_key"; CREATE INDEX "User_email_key" ON "User"("email")`)).toEqual(['drops unique index "User_email_key" of "User"']);
    expect(breaks(`ALTER TABLE "User" DROP CONSTRAINT "User_pkey"`)).toEqual(['drops constraint "User_pkey" of "User"']);
    expect(breaks(`DROP TRIGGER "User_told" ON "User"; DROP FUNCTION "tell"()`)).toEqual(['drops trigger "User_told"', 'drops function "tell"']);
  });

  it("renaming a table or a column, changing a type, tightening a column", () => {
    expect(breaks(`ALTER TABLE "User" RENAME TO "Person"`)).toEqual(['renames table "User" to "Person"']);
    expect(breaks(`ALTER TABLE "User" RENAME COLUMN "name" TO "fullName"`)).toEqual(['renames column "User"."name" to "fullName"']);
    expect(breaks(`ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(40)`)).toEqual(['changes the type of "User"."name"']);
    expect(breaks(`ALTER TABLE "User" ALTER COLUMN "name" TYPE INTEGER USING 0`)).toEqual(['changes the type of "User"."name"']);
    expect(breaks(`ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL`)).toEqual(['makes "User"."name" NOT NULL']);
    expect(breaks(`ALTER TABLE "User" ALTER COLUMN "createdAt" DROP DEFAULT`)).toEqual(['drops the DEFAULT of NOT NULL column "User"."createdAt"']);
  });

  it("a NOT NULL column without a DEFAULT on a table the previous release inserts into, also among other actions", () => {
    expect(breaks(`ALTER TABLE "User" ADD COLUMN "role" TEXT NOT NULL`)).toEqual(['adds NOT NULL column "User"."role" without a DEFAULT']);
    expect(breaks(`ALTER TABLE "User" ADD COLUMN "a" TEXT, ADD COLUMN "b" INTEGER NOT NULL, DROP COLUMN "name"`)).toEqual([
      'adds NOT NULL column "User"."b" without a DEFAULT',
      'drops column "User"."name"',
    ]);
  });

  it("the same changes made the way Prisma changes a SQLite table: a copy that replaces it", () => {
    const rebuild = (columns: string, copied: string) => `PRAGMA foreign_keys=OFF;
      CREATE TABLE "new_User" (${columns});
      INSERT INTO "new_User" (${copied}) SELECT ${copied} FROM "User";
      DROP TABLE "User";
      ALTER TABLE "new_User" RENAME TO "User";
      CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
      PRAGMA foreign_keys=ON;`;
    const kept = `"id" TEXT NOT NULL PRIMARY KEY, "email" TEXT NOT NULL, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP`;
    expect(breaks(rebuild(`${kept}, "name" TEXT`, `"id", "email", "name", "createdAt"`))).toEqual([]);
    expect(breaks(rebuild(`${kept}, "name" TEXT, "role" TEXT NOT NULL DEFAULT 'user'`, `"id", "email", "name", "createdAt"`))).toEqual([]);
    expect(breaks(rebuild(kept, `"id", "email", "createdAt"`))).toEqual(['drops column "User"."name"']);
    expect(breaks(rebuild(`${kept}, "name" TEXT NOT NULL`, `"id", "email", "name", "createdAt"`))).toEqual(['makes "User"."name" NOT NULL']);
    expect(breaks(rebuild(`${kept}, "name" INTEGER`, `"id", "email", "name", "createdAt"`))).toEqual(['changes the type of "User"."name" from TEXT to INTEGER']);
    expect(breaks(rebuild(`${kept}, "name" TEXT, "role" TEXT NOT NULL`, `"id", "email", "name", "createdAt"`))).toEqual(['adds NOT NULL column "User"."role" without a DEFAULT']);
    // The copy's unique index must be made again, or the table has lost it.
    expect(breaks(rebuild(`${kept}, "name" TEXT`, `"id", "email", "name", "createdAt"`).replace(/CREATE UNIQUE INDEX[^;]*;/, ""))).toEqual(['drops unique index "User_email_key" of "User"']);
  });

  it("nothing the previous release can ignore: new tables and columns, defaults, indexes, rows, replaced functions", () => {
    expect(
      breaks(`CREATE TABLE "Session" ("id" TEXT NOT NULL, "userId" TEXT NOT NULL, CONSTRAINT "Session_pkey" PRIMARY KEY ("id"));
        ALTER TABLE "Session" ADD COLUMN "kind" TEXT NOT NULL;
        ALTER TABLE "Session" DROP COLUMN "kind";
        ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
        ALTER TABLE "User" ADD COLUMN "role" TEXT NOT NULL DEFAULT 'user', ADD COLUMN "bio" TEXT;
        ALTER TABLE "User" ALTER COLUMN "name" SET DEFAULT '', ALTER COLUMN "email" DROP NOT NULL;
        CREATE INDEX "User_role_idx" ON "User"("role");
        DROP INDEX "User_name_idx";
        DROP INDEX "User_email_key";
        CREATE UNIQUE INDEX "User_email_key" ON "User"("email", "role");
        DROP TRIGGER "User_told" ON "User";
        CREATE TRIGGER "User_told" AFTER UPDATE OR DELETE ON "User" FOR EACH STATEMENT EXECUTE FUNCTION "tell"();
        CREATE OR REPLACE FUNCTION "tell"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(''a'', '''')\\073 RETURN NULL\\073 END';
        INSERT INTO "Session" ("id", "userId") VALUES ('s;1', 'u');
        UPDATE "User" SET "role" = 'user' WHERE "role" IS NULL;`),
    ).toEqual([]);
  });

  it("what it cannot read, so that nothing passes unread", () => {
    expect(breaks(`ALTER TABLE "User" SET UNLOGGED`)).toEqual(["an ALTER TABLE action this check cannot read: SET UNLOGGED"]);
    expect(breaks(`TRUNCATE "User"`)).toEqual(['a statement this check cannot read: TRUNCATE "User"']);
  });

  it("splits statements at semicolons outside quotes and comments", () => {
    expect(statements(`-- a comment; still one\nINSERT INTO "T" ("a") VALUES ('x;y'); /* b; */ SELECT E'it''s\\'s;'\n;`)).toEqual([
      `INSERT INTO "T" ("a") VALUES ('x;y')`,
      `SELECT E'it''s\\'s;'`,
    ]);
  });
});
