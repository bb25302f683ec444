// npm start: build on first run, apply pending migrations, then serve with `next start`
// (or `next dev` with --dev). Needs no configuration: SQLite at prisma/gatehouse.db and a
// generated session secret.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { binary, databaseUrl, migrate, root, run, sessionSecret } from "./runtime.mjs";

const dev = process.argv.includes("--dev");
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
  if (!dev && !existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.log("gatehouse: no production build yet, running `npm run build` (takes a minute or two)");
    await run("npm", ["run", "build"], env);
  }
  await migrate(url);
} catch (error) {
  console.error(`gatehouse: ${error.message}`);
  process.exit(1);
}

const args = dev ? ["dev", "-p", port] : ["start", "-p", port];
if (process.env.HOST) args.push("-H", process.env.HOST);
const next = spawn(binary("next"), args, { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => next.kill(signal));
next.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
