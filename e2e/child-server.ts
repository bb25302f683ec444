import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");

export type ChildServer = { url: string; heapUsed(): Promise<number>; stop(): Promise<void> };

/**
 * A second production server (the built HTTP front, as `npm start` runs it) on its own port and the
 * e2e database, started with --expose-gc and a probe that reports its live heap after a
 * collection. For tests that need budgets or node flags of their own.
 */
export async function startChildServer(port: number, env: Record<string, string> = {}): Promise<ChildServer> {
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    ["--expose-gc", "--max-old-space-size=192", "--require", path.join(ROOT, "e2e/fixtures/heap-probe.cjs"), path.join(ROOT, ".next/gatehouse/front.mjs")],
    {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        GATEHOUSE_ROOT: ROOT,
        PORT: String(port),
        HOST: "127.0.0.1",
        GATEHOUSE_ISSUER: url,
        NEXTAUTH_URL: url,
        NEXTAUTH_SECRET: "e2e-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        ...env,
      },
    },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the child server exited (${child.exitCode}): ${stderr}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the child server did not answer within 60 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    heapUsed: () =>
      new Promise((resolve, reject) => {
        if (child.exitCode !== null) return reject(new Error(`the child server exited (${child.exitCode}): ${stderr}`));
        child.once("message", (message) => resolve((message as { heapUsed: number }).heapUsed));
        child.send("heap");
      }),
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
