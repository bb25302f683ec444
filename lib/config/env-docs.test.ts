import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES } from "@/lib/config/env";

// Every setting goes through lib/config/env.ts, the README's table and the deployment guide:
// a variable the schema reads and a document leaves out fails here.
const read = (file: string) => fs.readFileSync(path.join(__dirname, "..", "..", file), "utf8");
/** Set by the start script or by Node, not by an operator. */
const NOT_OPERATORS = new Set(["NODE_ENV", "GATEHOUSE_ROOT"]);

describe("the documented settings", () => {
  const variables = ENV_VARIABLES.filter((name) => !NOT_OPERATORS.has(name));

  it("lists every variable in the README's configuration table", () => {
    const readme = read("README.md");
    const rows = new Set([...readme.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
    expect(variables.filter((name) => !rows.has(name) && !(name.startsWith("GATEHOUSE_LIMIT_") && rows.has("GATEHOUSE_LIMIT_*")))).toEqual([]);
  });

  it("lists every variable in docs/DEPLOYMENT.md's table of variables", () => {
    const guide = read("docs/DEPLOYMENT.md");
    const table = guide.slice(guide.indexOf("## Every variable"));
    expect(table.length).toBeLessThan(guide.length);
    const rows = new Set([...table.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
    expect(variables.filter((name) => !rows.has(name))).toEqual([]);
  });
});
