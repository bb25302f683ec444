import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Each table is written by one module (lib/db/<entity>.ts): found by reading the server's source
 * for Prisma writes (`.model.create(`, `.update(`, ...) and SQL writes (INSERT INTO, UPDATE,
 * DELETE FROM a quoted table). A write through a table name the scan cannot read (a template)
 * fails too, so no writer hides from it.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const SOURCES = ["lib", "app", "server", "scripts"];
const SKIP = /(^|\/)(generated|testing|bench)(\/|$)|\.test\.tsx?$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const relative = path.relative(ROOT, full);
    if (SKIP.test(relative)) return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mjs)$/.test(name) ? [relative] : [];
  });
}

const models = [...readFileSync(path.join(ROOT, "prisma", "schema.prisma"), "utf8").matchAll(/^model (\w+) /gm)].map((m) => m[1]!);
const byDelegate = new Map(models.map((model) => [model[0]!.toLowerCase() + model.slice(1), model]));

function writersOf(): { writers: Map<string, Set<string>>; unreadable: string[] } {
  const writers = new Map<string, Set<string>>(models.map((model) => [model, new Set()]));
  const unreadable: string[] = [];
  for (const file of SOURCES.flatMap((dir) => sourceFiles(path.join(ROOT, dir)))) {
    const text = readFileSync(path.join(ROOT, file), "utf8");
    for (const m of text.matchAll(/\.(\w+)\.(create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany)\(/g)) {
      const model = byDelegate.get(m[1]!);
      if (model) writers.get(model)!.add(file);
    }
    for (const m of text.matchAll(/(?:INSERT INTO|UPDATE|DELETE FROM) "([^"]*)"/g)) {
      if (writers.has(m[1]!)) writers.get(m[1]!)!.add(file);
      else if (m[1]!.includes("${")) unreadable.push(`${file}: ${m[0]}`);
    }
  }
  return { writers, unreadable };
}

describe("the storage layer", () => {
  it("writes each table from one module of lib/db", () => {
    const { writers, unreadable } = writersOf();
    expect(unreadable).toEqual([]);
    const many = [...writers].filter(([, files]) => files.size > 1).map(([table, files]) => `${table}: ${[...files].join(", ")}`);
    expect(many).toEqual([]);
    for (const [table, files] of writers) for (const file of files) expect(file, table).toMatch(/^lib\/db\//);
    // The scan sees the writers it should: the token families' module writes its tables.
    expect([...writers.get("TokenFamily")!]).toEqual(["lib/db/token-families.ts"]);
  });
});
