import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** The fenced code blocks of one `## ` section of a Markdown page, with their info strings. */
function codeBlocks(markdown: string, heading: string): { info: string; code: string }[] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return [];
  const end = markdown.indexOf("\n## ", start + 1);
  const section = markdown.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```(\S*)\n([\s\S]*?)^```$/gm)].map((m) => ({ info: m[1]!, code: m[2]! }));
}

describe("the deployment guide's nginx configuration", () => {
  it("is the file e2e/instances.spec.ts runs, byte for byte", () => {
    const [first] = codeBlocks(read("docs/DEPLOYMENT.md"), "Several instances behind a load balancer").filter((b) => b.info === "nginx");
    expect(first, "an nginx block in the section").toBeDefined();
    expect(first!.code).toBe(read("deploy/nginx/gatehouse.conf"));
    expect(read("e2e/nginx.ts")).toContain('"../deploy/nginx/gatehouse.conf"');
  });
});
