import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");

export type ChildServer = {
  url: string;
  heapUsed(): Promise<number>;
  stop(): Promise<void>;
  /** Sends the signal; resolves on exit, with how it ended. */
  signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote to standard output (its request log) and standard error so far. */
  output(): { stdout: string; stderr: string };
};

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
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        GATEHOUSE_ROOT: ROOT,
        PORT: String(port),
        HOST: "127.0.0.1",
        GATEHOUSE_ISSUER: url,
        NEXTAUTH_URL: url,
        NEXTAUTH_SECRET: "e2e-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        // Stopped by the tests, not behind a load balancer: no drain delay unless a test asks for one.
        GATEHOUSE_DRAIN_DELAY: "0",
        ...env,
      },
    },
  );
  // Kept whole (a test searches the request log), up to 64 MiB each.
  const kept = (stream: NodeJS.ReadableStream | null) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream?.on("data", (chunk: Buffer) => {
      if (size > 64 * 2 ** 20) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    return () => Buffer.concat(chunks).toString("utf8");
  };
  const stdoutText = kept(child.stdout);
  const stderrText = kept(child.stderr);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the child server exited (${child.exitCode}): ${stderr.slice(-4000)}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the child server did not answer within 60 s: ${stderr.slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    heapUsed: () =>
      new Promise((resolve, reject) => {
        if (child.exitCode !== null) return reject(new Error(`the child server exited (${child.exitCode}): ${stderr.slice(-4000)}`));
        child.once("message", (message) => resolve((message as { heapUsed: number }).heapUsed));
        child.send("heap");
      }),
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
    signal: (signal) => {
      child.kill(signal);
      return exited;
    },
    output: () => ({ stdout: stdoutText(), stderr: stderrText() }),
  };
}
