// npm start: build on first run, apply pending migrations, then serve with the HTTP front
// (.next/gatehouse/front.mjs: the protocol endpoints itself, everything else through Next), or
// `next dev` with --dev. Needs no configuration: SQLite at prisma/gatehouse.db and a generated
// session secret. With GATEHOUSE_MIGRATE=off (instances of a release after `npm run db:deploy`)
// it applies nothing and refuses to serve a database that lacks one of this build's migrations.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { binary, checkMigrations, databaseUrl, migrate, migrateSetting, root, run, serverNodeFlags, sessionSecret } from "./runtime.mjs";

const dev = process.argv.includes("--dev");
const FRONT = path.join(root, ".next", "gatehouse", "front.mjs");
const port = process.env.PORT || "3000";
const url = databaseUrl();
const env = {
  ...process.env,
  GATEHOUSE_ROOT: root,
  DATABASE_URL: url,
  NEXTAUTH_SECRET: sessionSecret(),
  PORT: port,
};
env.NEXTAUTH_URL ||= (env.GATEHOUSE_ISSUER || `http://localhost:${port}`).replace(/\/+$/, "");

try {
  // Checked before a build, so a refusal comes at once.
  const migrations = migrateSetting();
  if (migrations === "off") await checkMigrations(url);
  if (!dev && !(existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(FRONT))) {
    console.log("gatehouse: no production build yet, running `npm run build` (takes a minute or two)");
    await run("npm", ["run", "build"], env);
  }
  if (migrations === "on") await migrate(url);
} catch (error) {
  console.error(`gatehouse: ${error.message}`);
  process.exit(1);
}

const server = dev
  ? spawn(binary("next"), ["dev", "-p", port, ...(process.env.HOST ? ["-H", process.env.HOST] : [])], { cwd: root, env, stdio: "inherit" })
  : spawn(process.execPath, [...serverNodeFlags(env), FRONT], { cwd: root, env: { ...env, NODE_ENV: "production" }, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
