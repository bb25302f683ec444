import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

/** The nginx configuration docs/DEPLOYMENT.md shows, as nginx includes it in its http block. */
export const GUIDE_NGINX_CONF = path.resolve(__dirname, "../deploy/nginx/gatehouse.conf");

/** One line of the access log: which instance answered which request, and what it answered. */
export type ProxiedRequest = { upstream: string; status: number; method: string; path: string; from: string; requestId: string };

export type Nginx = {
  /** How far the access log has come: `logSince` reads what was logged after it. */
  logMark(): number;
  logSince(mark: number): ProxiedRequest[];
  /** `nginx -s reload` with `confFile` in place of the last one: resolves once the old workers have finished what they served and exited. */
  reload(confFile: string): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Debian's nginx as a child of the test, never as a service: in the foreground (`daemon off`),
 * with its own prefix (`-p`, a fresh directory for its pid file, logs and temporary files) and a
 * configuration of its own (`-c`) whose http block includes `confFile` as it is. Resolves once
 * `readyUrl` answers 200 through it.
 */
export async function startNginx(confFile: string, readyUrl: string): Promise<Nginx> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: install Debian's nginx (apt-get install nginx; .ci/run does)`);
  const prefix = mkdtempSync(path.join(tmpdir(), "gatehouse-nginx-"));
  // Started as root, nginx runs its workers as nobody: they must reach the temporary directories inside.
  chmodSync(prefix, 0o755);
  const accessLog = path.join(prefix, "access.log");
  const errorLog = path.join(prefix, "error.log");
  const mainConf = path.join(prefix, "nginx.conf");
  const writeMainConf = (included: string) =>
    writeFileSync(
      mainConf,
      `daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${errorLog} notice;
events {
    worker_connections 1024;
}
http {
    log_format split '$upstream_addr $status $request_method $uri $remote_addr $request_id';
    access_log ${accessLog} split;
    client_body_temp_path ${prefix}/client_body;
    proxy_temp_path ${prefix}/proxy;
    fastcgi_temp_path ${prefix}/fastcgi;
    uwsgi_temp_path ${prefix}/uwsgi;
    scgi_temp_path ${prefix}/scgi;
    include ${included};
}
`,
    );
  writeMainConf(confFile);
  const child: ChildProcess = spawn(NGINX, ["-p", prefix, "-c", mainConf, "-e", errorLog], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const errors = () => `${stderr}${existsSync(errorLog) ? readFileSync(errorLog, "utf8").slice(-4000) : ""}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${errors()}`);
    try {
      if ((await fetch(readyUrl)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nginx did not answer within 10 s: ${errors()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    logMark: () => (existsSync(accessLog) ? statSync(accessLog).size : 0),
    logSince: (mark) =>
      readFileSync(accessLog)
        .subarray(mark)
        .toString()
        .split("\n")
        .filter(Boolean)
        .map((line) => {
          // A request nginx passed on after a failure names every instance it tried ("a, b").
          const [, upstream, status, method, uri, from, requestId] = /^(.+) (\d{3}) (\S+) (\S+) (\S+) (\S+)$/.exec(line)!;
          return { upstream: upstream!, status: Number(status), method: method!, path: uri!, from: from!, requestId: requestId! };
        }),
    reload: async (file) => {
      const workers = () => readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").split(" ").filter(Boolean);
      const old = workers();
      writeMainConf(file);
      child.kill("SIGHUP");
      const until = Date.now() + 10_000;
      while (workers().some((pid) => old.includes(pid)) || workers().length === 0) {
        if (Date.now() > until) throw new Error(`nginx did not reload within 10 s: ${errors()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {
      // SIGQUIT: nginx's graceful stop (its workers finish what they serve).
      if (child.exitCode === null) child.kill("SIGQUIT");
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
