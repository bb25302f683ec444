// npm run db:check: fails when the generated PostgreSQL schema or either migrations folder
// no longer matches prisma/schema.prisma. SQLite is always checked (its shadow database is
// in memory); PostgreSQL migrations are checked when DATABASE_URL is a postgres:// URL.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { root, run } from "./runtime.mjs";

const generated = path.join(root, "prisma", "schema.postgres.prisma");
const before = readFileSync(generated, "utf8");
execFileSync(process.execPath, [path.join(root, "scripts", "gen-pg-schema.mjs")]);
if (readFileSync(generated, "utf8") !== before) {
  console.error("db:check: prisma/schema.postgres.prisma was stale; it has been regenerated: commit it");
  process.exit(1);
}

const targets = [{ url: "file::memory:", migrations: "prisma/migrations", schema: "prisma/schema.prisma" }];
if (/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) {
  targets.push({ url: process.env.DATABASE_URL, migrations: "prisma/migrations-postgres", schema: "prisma/schema.postgres.prisma" });
} else {
  console.log("db:check: DATABASE_URL is not PostgreSQL; checking the SQLite migrations only");
}

for (const t of targets) {
  try {
    await run(
      "prisma",
      ["migrate", "diff", "--from-migrations", t.migrations, "--to-schema-datamodel", t.schema, "--exit-code"],
      { ...process.env, DATABASE_URL: t.url },
    );
  } catch {
    console.error(`db:check: ${t.migrations} does not produce ${t.schema}: add a migration (npm run db:migrate)`);
    process.exit(1);
  }
}
console.log(`db:check: schema and migrations agree (${targets.map((t) => t.migrations).join(", ")})`);
