import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { config } from "@/lib/config/env";

let cached: string[] | undefined;

/**
 * The URLs of the site's compiled stylesheet, for the pages a route handler renders itself.
 * `next build` writes it under .next/static, once per build, so production looks it up once;
 * `next dev` writes it under .next/dev/static when a page first imports it.
 */
export function siteStylesheets(): string[] {
  if (cached) return cached;
  const production = process.env.NODE_ENV === "production";
  const staticDir = path.join(/*turbopackIgnore: true*/ config().root, ".next", ...(production ? [] : ["dev"]), "static");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(".css")) found.push(`/_next/static/${path.relative(staticDir, file).split(path.sep).join("/")}`);
    }
  };
  if (existsSync(staticDir)) walk(staticDir);
  if (production) cached = found;
  return found;
}
