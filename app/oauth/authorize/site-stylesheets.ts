import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { config } from "@/lib/config/env";

let cached: string[] | undefined;

/**
 * The URLs of the site's compiled stylesheet, for the pages a route handler renders itself.
 * Next writes it under .next/static (in production, once per build, so it is looked up once).
 */
export function siteStylesheets(): string[] {
  if (cached) return cached;
  const found: string[] = [];
  const staticDir = path.join(/*turbopackIgnore: true*/ config().root, ".next", "static");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(".css")) found.push(`/_next/static/${path.relative(staticDir, file).split(path.sep).join("/")}`);
    }
  };
  if (existsSync(staticDir)) walk(staticDir);
  if (process.env.NODE_ENV === "production") cached = found;
  return found;
}
