import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Two projects: "unit" needs nothing; "db" gives every test file its own fresh database,
// copied from a template migrated once per run (SQLite by default, PostgreSQL when
// DATABASE_URL is a postgres:// URL).
export default defineConfig({
  resolve: { alias: { "@": path.dirname(fileURLToPath(import.meta.url)) } },
  test: {
    environment: "node",
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["{lib,app,scripts,server}/**/*.test.ts"], exclude: ["**/*.db.test.ts", "node_modules/**"] },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: ["{lib,app,scripts,server}/**/*.db.test.ts"],
          globalSetup: ["lib/testing/db-global-setup.ts"],
          setupFiles: ["lib/testing/db-file-setup.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
