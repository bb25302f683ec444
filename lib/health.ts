import { checkDatabase } from "@/lib/db/health";
import { missingMigrations } from "@/lib/db/migrations";
import { jsonAnswer, protocolRoute, type ProtocolAnswer, type ProtocolRoute } from "@/lib/oauth/http";

/**
 * Health for load balancers and orchestrators: liveness (the process serves; nothing else is
 * asked, so a database outage never gets every instance restarted) and readiness (this instance
 * should get traffic: its database answers, it has every migration this build ships, and it is
 * not draining for a shutdown). Served by the HTTP front itself, outside the rate limits, with
 * `Cache-Control: no-store`; `next dev` serves the same handlers through route files.
 */
export const HEALTH_PATHS = { liveness: "/healthz", readiness: "/readyz" } as const;

/** What one readiness check found: "ok", or what fails, in words an operator can act on. */
export type CheckResult = "ok" | string;

/** The checks readiness runs beside the drain: each resolves to "ok" or what fails (it never rejects). */
export type ReadinessChecks = Record<string, () => Promise<CheckResult>>;

/** How long a check may take before it counts as failing: a probe must answer before its own timeout. */
export const CHECK_TIMEOUT_MS = 2_000;
/** How long a readiness result is kept: probes (and anyone else) asking more often share one evaluation. */
export const READINESS_KEPT_MS = 1_000;

async function withTimeout(check: () => Promise<CheckResult>, what: string): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve(`${what} did not answer within ${CHECK_TIMEOUT_MS / 1000} s`), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().catch((error: unknown) => `${what} failed: ${(error as Error).message.split("\n")[0]}`), late]);
  } finally {
    clearTimeout(timer);
  }
}

// One drain state per process: the front sets it, and both copies of lib/ (Next's and the front's) read it.
const globalForHealth = globalThis as unknown as { gatehouseDraining?: boolean };

/** From now on readiness fails with "draining" (SIGTERM): the load balancer stops sending traffic here. */
export function beginDraining(): void {
  globalForHealth.gatehouseDraining = true;
}

export function isDraining(): boolean {
  return globalForHealth.gatehouseDraining === true;
}

export type Readiness = { ready: boolean; checks: Record<string, CheckResult> };

/**
 * Readiness from the given checks: each one's result (run together, each bounded by
 * CHECK_TIMEOUT_MS), kept READINESS_KEPT_MS, and the drain state, which is read every time so
 * that a SIGTERM shows on the very next probe.
 */
export function readinessOf(checks: ReadinessChecks, now: () => number = Date.now): () => Promise<Readiness> {
  let kept: { at: number; results: Promise<Record<string, CheckResult>> } | null = null;
  const evaluate = async () => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => withTimeout(checks[name]!, `the ${name} check`)));
    return Object.fromEntries(names.map((name, i) => [name, results[i]!]));
  };
  return async () => {
    if (kept === null || now() - kept.at >= READINESS_KEPT_MS) kept = { at: now(), results: evaluate() };
    const results = { ...(await kept.results), draining: isDraining() ? "this instance is shutting down (SIGTERM): it finishes what it serves and exits" : "ok" };
    return { ready: Object.values(results).every((result) => result === "ok"), checks: results };
  };
}

/** The answer of /readyz: 200 or 503, the failing checks named first, then every check's result. */
export function readinessAnswer({ ready, checks }: Readiness): ProtocolAnswer {
  const failing = Object.keys(checks).filter((name) => checks[name] !== "ok");
  return jsonAnswer(ready ? { status: "ready", checks } : { status: "not_ready", failing, checks }, ready ? 200 : 503);
}

/**
 * The server's readiness checks: its database answers a query, and holds every migration this
 * build ships (a later release's too, during a rolling upgrade: those are not this build's).
 */
export const SERVER_CHECKS: ReadinessChecks = {
  database: async () => ((await checkDatabase()) ? "ok" : "the database does not answer: check DATABASE_URL and that the database server is up"),
  migrations: async () => {
    const missing = await missingMigrations();
    return missing.length === 0 ? "ok" : `the database lacks ${missing.length} of this build's migrations (${missing.join(", ")}): run npm run db:deploy`;
  },
};

const serverReadiness = readinessOf(SERVER_CHECKS);

/** /healthz and /readyz as protocol routes (GET and HEAD; 405 with Allow for anything else). */
export const HEALTH_ROUTES: Readonly<Record<string, ProtocolRoute>> = {
  [HEALTH_PATHS.liveness]: protocolRoute({ GET: async () => jsonAnswer({ status: "ok" }) }, { cors: false }),
  [HEALTH_PATHS.readiness]: protocolRoute({ GET: async () => readinessAnswer(await serverReadiness()) }, { cors: false }),
};

export type HealthReport = { status: 200 | 503; body: { status: "ok" | "degraded"; database: "ok" | "unreachable" } };

/** /api/health, kept for what already probes it: the database check alone. */
export async function healthReport(): Promise<HealthReport> {
  const database = await checkDatabase();
  return database ? { status: 200, body: { status: "ok", database: "ok" } } : { status: 503, body: { status: "degraded", database: "unreachable" } };
}
