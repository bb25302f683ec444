// npm run test:e2e: Playwright against a production build in Debian's Chromium, on a fresh
// database (SQLite by default; a new database on the server when DATABASE_URL is PostgreSQL).
// Extra arguments go to `playwright test`.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { root, run } from "./runtime.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    console.error(`e2e: ${CHROMIUM} is missing. Install Debian's Chromium, then run the tests again:\n  sudo apt-get update && sudo apt-get install -y chromium`);
    process.exit(1);
  }
  console.log("e2e: installing Debian's chromium with apt-get");
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

// e2e/authjs.spec.ts runs examples/authjs, a package of its own with its own lockfile (Auth.js v5;
// the app is on next-auth 4): installed from that lockfile when it is not yet.
function ensureAuthjsExample() {
  const folder = path.join(root, "examples", "authjs");
  if (existsSync(path.join(folder, "node_modules", "@auth", "core"))) return;
  console.log("e2e: installing examples/authjs from its lockfile (npm ci)");
  execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: folder, stdio: "inherit" });
}

async function freshDatabaseUrl() {
  const url = process.env.DATABASE_URL;
  if (!/^postgres(ql)?:\/\//.test(url ?? "")) {
    const dir = path.join(root, ".test-db");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "e2e.db");
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    return `file:${file}`;
  }
  const name = `gatehouse_e2e_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

// --long: the fuzz test's long run (50,000 generated requests instead of a few thousand).
const args = process.argv.slice(2).filter((arg) => arg !== "--long");
if (args.length < process.argv.length - 2) process.env.E2E_FUZZ_RUNS = "50000";

try {
  ensureChromium();
  ensureAuthjsExample();
  if (!process.env.E2E_SKIP_BUILD) await run("npm", ["run", "build"]);
  const databaseUrl = await freshDatabaseUrl();
  await run("playwright", ["test", ...args], { ...process.env, DATABASE_URL: databaseUrl });
} catch (error) {
  console.error(`e2e: ${error.message}`);
  process.exit(1);
}
