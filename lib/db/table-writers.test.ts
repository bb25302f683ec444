import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Each table is written by one module (lib/db/<entity>.ts; the rate limits' counters by
 * lib/rate-limit, whose library writes them): found by reading the server's source for Prisma
 * writes (`.model.create(`, `.update(`, ...) and SQL writes (INSERT INTO, UPDATE, DELETE FROM a
 * table, by its model's name or the name it is mapped to). A write through a table name the scan
 * cannot read (a template) fails too, outside the counters' module, so no writer hides from it.
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

const schema = readFileSync(path.join(ROOT, "prisma", "schema.prisma"), "utf8");
const models = [...schema.matchAll(/^model (\w+) /gm)].map((m) => m[1]!);
/** A model's table: the name it is mapped to (`@@map`), else its own. */
const tableOf = new Map([...schema.matchAll(/^model (\w+) \{([^}]*)\}/gm)].map((m) => [/@@map\("([^"]+)"\)/.exec(m[2]!)?.[1] ?? m[1]!, m[1]!]));
/** The module that owns the counters, written by rate-limiter-flexible and the batched counter through the table's name in a constant. */
const COUNTERS_MODULE = /^lib\/rate-limit\/[\w-]+\.ts$/;
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
      const model = tableOf.get(m[1]!);
      if (model) writers.get(model)!.add(model === "RateLimitCounter" && COUNTERS_MODULE.test(file) ? "lib/rate-limit" : file);
      else if (m[1]!.includes("${")) unreadable.push(`${file}: ${m[0]}`);
    }
    for (const m of text.matchAll(/(?:INSERT INTO|UPDATE|DELETE FROM) \$\{/g)) {
      if (COUNTERS_MODULE.test(file)) writers.get("RateLimitCounter")!.add("lib/rate-limit");
      else unreadable.push(`${file}: ${m[0]}`);
    }
  }
  return { writers, unreadable };
}

describe("the storage layer", () => {
  it("writes each table from one module", () => {
    const { writers, unreadable } = writersOf();
    expect(unreadable).toEqual([]);
    const many = [...writers].filter(([, files]) => files.size > 1).map(([table, files]) => `${table}: ${[...files].join(", ")}`);
    expect(many).toEqual([]);
    for (const [table, files] of writers) for (const file of files) expect(file, table).toMatch(table === "RateLimitCounter" ? /^lib\/rate-limit($|\/)/ : /^lib\/db\//);
    // The scan sees the writers it should: the token families' module writes its tables, and the
    // counters' pruning and batched upsert are both found, as one module.
    expect([...writers.get("TokenFamily")!]).toEqual(["lib/db/token-families.ts"]);
    expect(tableOf.get("gatehouse_rate_limits")).toBe("RateLimitCounter");
    expect([...writers.get("RateLimitCounter")!]).toEqual(["lib/rate-limit"]);
  });
});
