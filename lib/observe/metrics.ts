import http from "node:http";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { openSqlDatabase } from "@/lib/db/sql/database";
import type { PostgresDriver } from "@/lib/db/sql/driver";
import { isDraining } from "@/lib/health";
import type { RequestReport } from "@/lib/oauth/http";
import { installWatcher, type Watcher } from "@/lib/observe/events";

/**
 * Prometheus metrics (prom-client, text format) on a listener of their own, never on the public
 * port: GATEHOUSE_METRICS_PORT, loopback unless GATEHOUSE_METRICS_HOST says otherwise. Every
 * label has a bounded set of values: routes are names from the front's route table (never a
 * raw path, which a fuzzer would make unbounded), methods are HTTP's, error codes are
 * Gatehouse's catalogue, budgets are the rate-limit policies.
 */
export type RequestMetric = { route: string; method: string; status: number; seconds: number; report: RequestReport | undefined };

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DB_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export type Metrics = {
  registry: Registry;
  /** Counts one answered request, with what its report says it did. */
  request(metric: RequestMetric): void;
};

/**
 * A registry with Gatehouse's metrics and Node's process metrics (CPU, memory, handles, GC, and
 * event-loop delay from perf_hooks), installed as the process's watcher for what happens outside
 * the front: rate-limit refusals (sign-in too) and database calls.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const registers = [registry];
  const requests = new Counter({ name: "gatehouse_requests_total", help: "Requests answered, by route, method and status.", labelNames: ["route", "method", "status"], registers });
  const latency = new Histogram({
    name: "gatehouse_request_duration_seconds",
    help: "Time from a request's arrival to its answer, by route, method and status.",
    labelNames: ["route", "method", "status"],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const tokens = new Counter({
    name: "gatehouse_tokens_total",
    help: "Token events: issued (a code redeemed), rotated (a refresh token used), revoked (at the revocation endpoint, or a replay's family), by grant type (none at the revocation endpoint).",
    labelNames: ["event", "grant_type"],
    registers,
  });
  const errors = new Counter({ name: "gatehouse_protocol_errors_total", help: "Error answers of the protocol endpoints, by route and error code.", labelNames: ["route", "error"], registers });
  const refusals = new Counter({ name: "gatehouse_rate_limit_refusals_total", help: "Requests a rate-limit budget refused, by budget.", labelNames: ["budget"], registers });
  const database = new Histogram({
    name: "gatehouse_db_call_duration_seconds",
    help: "Database calls: a statement, a guarded batch or a transaction (SQLite: a batch of reads or a group commit), waiting for a connection included.",
    labelNames: ["operation"],
    buckets: DB_BUCKETS,
    registers,
  });
  new Gauge({
    name: "gatehouse_db_pool_connections",
    help: "PostgreSQL query pool: connections open (total), idle, and calls waiting for one (waiting).",
    labelNames: ["state"],
    registers,
    collect() {
      // By dialect: the driver may be the other bundle's (see lib/rate-limit/server.ts).
      const driver = openSqlDatabase();
      if (driver?.dialect !== "postgres") return;
      const { pool } = driver as PostgresDriver;
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });
  new Gauge({
    name: "gatehouse_draining",
    help: "1 once the instance is shutting down (readiness fails), else 0.",
    registers,
    collect() {
      this.set(isDraining() ? 1 : 0);
    },
  });

  // The label lookups of the hot path, made once per combination: prom-client hashes the labels on every call otherwise.
  const requestSeries = new Map<string, { count: Counter.Internal; time: Histogram.Internal<string> }>();
  const seriesOf = (route: string, method: string, status: number) => {
    const key = `${route} ${method} ${status}`;
    let series = requestSeries.get(key);
    if (!series) {
      const labels = { route, method, status: String(status) };
      requestSeries.set(key, (series = { count: requests.labels(labels), time: latency.labels(labels) }));
    }
    return series;
  };

  const watcher: Watcher = {
    rateLimitRefused: (budget) => refusals.inc({ budget }),
    databaseCall: (operation, seconds) => database.observe({ operation }, seconds),
  };
  installWatcher(watcher);

  return {
    registry,
    request({ route, method, status, seconds, report }) {
      const series = seriesOf(route, method, status);
      series.count.inc();
      series.time.observe(seconds);
      if (!report) return;
      if (report.error) errors.inc({ route, error: report.error });
      if (report.tokens) tokens.inc({ event: report.tokens, grant_type: report.grantType ?? "" });
    },
  };
}

/** GET /metrics on its own listener; anything else is 404 (405 for another method). */
export function createMetricsServer(registry: Registry): http.Server {
  return http.createServer((req, res) => {
    const path = (req.url ?? "").split("?", 1)[0];
    if (path !== "/metrics") return void res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found: the metrics are at /metrics\n");
    if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end("the metrics are read with GET\n");
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : text);
      },
      (error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`the metrics could not be collected: ${(error as Error).message}\n`);
      },
    );
  });
}
