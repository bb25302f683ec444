// npm run bench [-- --quick] [-- --skip-build]: Gatehouse against oidc-provider and a bare
// node:http ceiling, all on 127.0.0.1, on SQLite and (when PostgreSQL 15 is installed) on a
// throwaway PostgreSQL cluster. Seeds through lib/, loads each scenario with autocannon for a
// fixed time and number of connections, stops everything, writes docs/PERFORMANCE.md.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";

const root = path.resolve(__dirname, "..", "..");
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const QUICK = flag("--quick");
const DURATION = QUICK ? 3 : 10;
const CONNECTIONS = 32;
const FEW_CONNECTIONS = 4;
const SEED_COUNT = QUICK ? 6_000 : 25_000;
const PORTS = { gatehouse: 3411, peer: 3412, ceiling: 3413 };
/** Another checkout's production build to measure as Gatehouse (same schema), for before/after figures. */
const GATEHOUSE_ROOT = path.resolve(option("--gatehouse-root") ?? root);

type Target = "gatehouse" | "peer" | "ceiling";
type Measure = { scenario: string; target: Target; connections: number; rps: number; p50: number; p99: number; max: number; non2xx: number; errors: number; exhausted: boolean };
type PassResult = { db: string; measures: Measure[]; rssMb: { gatehouse: number; peer: number } };

function log(message: string) {
  console.log(`bench: ${message}`);
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stderr!.on("data", (chunk) => {
    const text = String(chunk);
    if (/error/i.test(text) && !/WARNING|NOTICE/.test(text)) process.stderr.write(`[${path.basename(args[0] ?? command)}] ${text}`);
  });
  return child;
}

async function waitFor(url: string, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (exit ${code})`))));
  });
}

/** Peak resident memory of a process and its descendants, in MB (Linux /proc). */
function peakRssMb(pid: number): number {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      for (const task of readFileSync(`/proc/${pids[i]}/task/${pids[i]}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) pids.push(Number(task));
    } catch {
      // gone
    }
  }
  let kb = 0;
  for (const p of pids) {
    try {
      kb += Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return Math.round(kb / 1024);
}

type Load = { method: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: () => string; singleUse?: boolean };

/** One fixed-time load. A scenario with single-use values reports when it ran out of them. */
async function load(base: string, scenario: string, target: Target, spec: Load, connections: number, exhausted: () => boolean): Promise<Measure> {
  const result = await autocannon({
    url: base,
    connections,
    duration: connections === CONNECTIONS ? DURATION : Math.max(2, DURATION / 2),
    requests: [
      {
        method: spec.method,
        path: spec.path,
        headers: spec.headers,
        setupRequest: spec.body ? (req: autocannon.Request) => ({ ...req, body: spec.body!() }) : undefined,
      },
    ],
  });
  return {
    scenario,
    target,
    connections,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    exhausted: exhausted(),
  };
}

/** Hands out the next value of a seeded list; once it runs out, the last one again (and the load reports it). */
function dispenser(values: string[]) {
  let next = 0;
  return { take: () => values[Math.min(next++, values.length - 1)]!, exhausted: () => next > values.length };
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
const FORM = "application/x-www-form-urlencoded";

async function runPass(db: "sqlite" | "postgres"): Promise<PassResult> {
  const benchDir = path.join(root, ".bench");
  mkdirSync(benchDir, { recursive: true });
  let databaseUrl: string;
  if (db === "sqlite") {
    const file = path.join(benchDir, "bench.db");
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    databaseUrl = `file:${file}`;
  } else {
    databaseUrl = process.env.DATABASE_URL!;
  }
  log(`${db}: migrating`);
  await run(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" });

  const sessionSecret = randomBytes(32).toString("base64url");
  process.env.DATABASE_URL = databaseUrl;
  process.env.NEXTAUTH_SECRET = sessionSecret;
  log(`${db}: seeding ${SEED_COUNT} codes, refresh tokens and access tokens for each server`);
  const { seedGatehouse } = await import("./seed");
  const seed = await seedGatehouse(SEED_COUNT, sessionSecret);
  const peerFile = path.join(benchDir, "peer.json");

  const children: ChildProcess[] = [];
  try {
    const gatehouseUrl = `http://127.0.0.1:${PORTS.gatehouse}`;
    const gatehouse = start(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", GATEHOUSE_ROOT, "-p", String(PORTS.gatehouse), "-H", "127.0.0.1"], {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: sessionSecret,
      GATEHOUSE_ISSUER: gatehouseUrl,
      GATEHOUSE_ROOT,
    });
    const peerProcess = start(process.execPath, [path.join(root, "scripts", "bench", "peer.mjs"), String(PORTS.peer), String(SEED_COUNT), peerFile]);
    const ceilingProcess = start(process.execPath, [path.join(root, "scripts", "bench", "ceiling.mjs"), String(PORTS.ceiling)]);
    children.push(gatehouse, peerProcess, ceilingProcess);
    await waitFor(`${gatehouseUrl}/api/health`);
    await waitFor(`http://127.0.0.1:${PORTS.peer}/.well-known/openid-configuration`, 300);
    await waitFor(`http://127.0.0.1:${PORTS.ceiling}/`);
    const peer = JSON.parse(readFileSync(peerFile, "utf8")) as {
      client: { client_id: string; client_secret: string };
      redirectUri: string;
      verifier: string;
      accessToken: string;
      codes: string[];
      refreshTokens: string[];
      revokeTokens: string[];
      paths: { metadata: string; token: string; revoke: string; introspect: string; userinfo: string };
    };

    const sides = {
      gatehouse: {
        base: gatehouseUrl,
        paths: { metadata: "/.well-known/oauth-authorization-server", token: "/oauth/token", revoke: "/oauth/revoke", introspect: "/oauth/introspect", userinfo: "/oauth/userinfo" },
        auth: basic(seed.clientId, seed.clientSecret),
        seed: { ...seed, codes: dispenser(seed.codes), refreshTokens: dispenser(seed.refreshTokens), revokeTokens: dispenser(seed.revokeTokens) },
      },
      peer: {
        base: `http://127.0.0.1:${PORTS.peer}`,
        paths: peer.paths,
        auth: basic(peer.client.client_id, peer.client.client_secret),
        seed: { ...peer, codes: dispenser(peer.codes), refreshTokens: dispenser(peer.refreshTokens), revokeTokens: dispenser(peer.revokeTokens) },
      },
    };

    const measures: Measure[] = [];
    const never = () => false;
    for (const connections of [CONNECTIONS, FEW_CONNECTIONS]) {
      for (const target of ["gatehouse", "peer"] as const) {
        const side = sides[target];
        const s = side.seed;
        const post = (p: string, body: () => string): Load => ({ method: "POST", path: p, headers: { "content-type": FORM, authorization: side.auth }, body });
        const scenarios: [string, Load, () => boolean][] = [
          ["metadata", { method: "GET", path: side.paths.metadata }, never],
          ["userinfo", { method: "GET", path: side.paths.userinfo, headers: { authorization: `Bearer ${s.accessToken}` } }, never],
          ["introspection", post(side.paths.introspect, () => `token=${s.accessToken}`), never],
          ["revocation", post(side.paths.revoke, () => `token=${s.revokeTokens.take()}`), s.revokeTokens.exhausted],
          ["refresh_token grant", post(side.paths.token, () => `grant_type=refresh_token&refresh_token=${s.refreshTokens.take()}`), s.refreshTokens.exhausted],
          [
            "authorization_code grant",
            post(side.paths.token, () => `grant_type=authorization_code&code=${s.codes.take()}&redirect_uri=${encodeURIComponent(s.redirectUri)}&code_verifier=${s.verifier}`),
            s.codes.exhausted,
          ],
        ];
        if (target === "gatehouse") scenarios.push(["consent page (signed in)", { method: "GET", path: seed.consentPath, headers: { cookie: seed.sessionCookie } }, never]);
        if (connections === CONNECTIONS) await load(side.base, "warm-up", target, scenarios[1]![1], 8, never);
        for (const [name, spec, exhausted] of scenarios) {
          const m = await load(side.base, name, target, spec, connections, exhausted);
          log(`${db} ${target} ${name} @${connections}: ${m.rps} req/s, p99 ${m.p99} ms, non-2xx ${m.non2xx}${m.exhausted ? " (ran out of seeded values)" : ""}`);
          measures.push(m);
        }
      }
    }
    const ceiling = await load(`http://127.0.0.1:${PORTS.ceiling}`, "constant JSON", "ceiling", { method: "GET", path: "/" }, CONNECTIONS, never);
    log(`${db} ceiling: ${ceiling.rps} req/s`);
    measures.push(ceiling);
    return { db, measures, rssMb: { gatehouse: peakRssMb(gatehouse.pid!), peer: peakRssMb(peerProcess.pid!) } };
  } finally {
    for (const child of children) child.kill("SIGTERM");
  }
}

const PROTOCOL = ["userinfo", "introspection", "revocation", "refresh_token grant", "authorization_code grant", "metadata"];
const CEILING_SHARE = ["userinfo", "introspection", "metadata"];

function report(passes: PassResult[], command: string): string {
  const lines: string[] = [];
  const mark = (ok: boolean) => (ok ? "met" : "**not met**");
  lines.push("# Performance", "");
  lines.push(`Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}.`);
  lines.push(`Command: \`${command}\`. Load: autocannon, ${CONNECTIONS} connections for ${DURATION} s per scenario (p99 also at ${FEW_CONNECTIONS} connections), all on 127.0.0.1.`);
  lines.push("Peer: oidc-provider 9.13.3 (in-memory adapter, opaque tokens, refresh rotation, the same lifetimes, PKCE, client_secret_basic).", "");
  for (const pass of passes) {
    const at = (target: Target, scenario: string, connections = CONNECTIONS) => pass.measures.find((m) => m.target === target && m.scenario === scenario && m.connections === connections);
    const ceiling = pass.measures.find((m) => m.target === "ceiling")!;
    lines.push(`## ${pass.db === "sqlite" ? "SQLite (WAL, synchronous=NORMAL)" : "PostgreSQL 15 (throwaway cluster: fsync=off, synchronous_commit=off)"}`, "");
    lines.push("| scenario | Gatehouse req/s | p50 / p99 / max ms | non-2xx | oidc-provider req/s | ratio (target ≥ 2.0) | share of ceiling | p99 at 4 connections (target < 20 ms) |");
    lines.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const scenario of [...PROTOCOL, "consent page (signed in)"]) {
      const g = at("gatehouse", scenario);
      if (!g) continue;
      const p = at("peer", scenario);
      const few = at("gatehouse", scenario, FEW_CONNECTIONS);
      const ratio = p && p.rps > 0 ? g.rps / p.rps : undefined;
      const share = g.rps / ceiling.rps;
      lines.push(
        `| ${scenario} | ${g.rps} | ${g.p50} / ${g.p99} / ${g.max} | ${g.non2xx + g.errors}${g.exhausted ? " (ran out of seeded values)" : ""} | ${p ? p.rps : "–"} | ${
          ratio === undefined ? "–" : `${ratio.toFixed(2)}x ${mark(ratio >= 2)}`
        } | ${CEILING_SHARE.includes(scenario) ? `${(share * 100).toFixed(0)}% ${mark(share >= 0.25)}` : "–"} | ${few ? `${few.p99} ms${scenario.startsWith("consent") ? "" : ` ${mark(few.p99 < 20)}`}` : "–"} |`,
      );
    }
    const nonOk = pass.measures.filter((m) => m.target === "gatehouse").reduce((n, m) => n + m.non2xx + m.errors, 0);
    lines.push("");
    lines.push(`Ceiling (bare node:http, constant JSON): ${ceiling.rps} req/s. Gatehouse non-2xx in the whole pass: ${nonOk} (target 0: ${mark(nonOk === 0)}).`);
    lines.push(`Peak server RSS: Gatehouse ${pass.rssMb.gatehouse} MB (target < 350 MB: ${mark(pass.rssMb.gatehouse < 350)}), oidc-provider ${pass.rssMb.peer} MB.`, "");
  }
  return lines.join("\n");
}

async function main() {
  const pass = option("--pass");
  if (pass === "sqlite" || pass === "postgres") {
    writeFileSync(option("--out")!, JSON.stringify(await runPass(pass)));
    process.exit(0);
  }
  if (!flag("--skip-build") && GATEHOUSE_ROOT === root) {
    log("building (next build)");
    await run("npm", ["run", "build"]);
  } else if (!existsSync(path.join(GATEHOUSE_ROOT, ".next", "BUILD_ID"))) {
    throw new Error("--skip-build, but there is no build: run npm run build first");
  }
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  const extra = [...(QUICK ? ["--quick"] : []), ...(option("--gatehouse-root") ? ["--gatehouse-root", GATEHOUSE_ROOT] : [])];
  const passes: PassResult[] = [];
  for (const db of ["sqlite", "postgres"] as const) {
    const out = path.join(os.tmpdir(), `gatehouse-bench-${db}-${process.pid}.json`);
    const args = [path.join(root, "scripts", "bench", "run.ts"), "--pass", db, "--out", out, ...extra];
    if (db === "postgres") {
      if (!existsSync("/usr/lib/postgresql/15/bin/initdb") || process.getuid?.() !== 0) {
        log("postgres: skipped (needs PostgreSQL 15 server binaries and root, as scripts/with-postgres.sh does)");
        continue;
      }
      await run(path.join(root, "scripts", "with-postgres.sh"), [tsx, ...args], { ...process.env, PGPORT: "55433" });
    } else {
      await run(tsx, args);
    }
    passes.push(JSON.parse(readFileSync(out, "utf8")) as PassResult);
    rmSync(out, { force: true });
  }
  const text = report(passes, `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`);
  const outFile = option("--report") ?? path.join(root, "docs", "PERFORMANCE.md");
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${text}\n`);
  console.log(`\n${text}`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${(error as Error).message}`);
  process.exit(1);
});
