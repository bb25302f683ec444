import { execFileSync } from "node:child_process";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { dropTestDatabases, prepareTemplate } from "./test-databases";

declare module "vitest" {
  export interface ProvidedContext {
    templateUrl: string;
    baseUrl: string;
  }
}

/** Migrates one template database per run; every test file then gets a copy (db-file-setup.ts). */
export default async function setup(project: TestProject) {
  const baseUrl = process.env.DATABASE_URL ?? "";
  const templateUrl = await prepareTemplate(baseUrl);
  const root = path.resolve(__dirname, "..", "..");
  execFileSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: templateUrl, CHECKPOINT_DISABLE: "1" },
    stdio: "pipe",
  });
  project.provide("templateUrl", templateUrl);
  project.provide("baseUrl", baseUrl);
  console.log(`db tests: ${baseUrl.startsWith("postgres") ? "PostgreSQL" : "SQLite"} (template migrated)`);
  return () => dropTestDatabases(baseUrl);
}
