// The production server: one Node process on one port. The HTTP front (server/front-server.ts)
// answers the protocol endpoints itself, by calling the same plain-data handlers the route files
// serve through lib/route-file.ts, and hands every other request to Next's request handler
// (Next's custom-server mode). Measured: Next's per-request pipeline alone held the metadata
// route to a fraction of the peer's throughput (docs/PERFORMANCE.md). Bundled by
// scripts/build-front.mjs; `npm start` runs it, `next dev` keeps serving the route files.
import next from "next";
import { setClientAddress } from "@/lib/client-ip";
import { config } from "@/lib/config/env";
import { checkStartupConfiguration } from "@/lib/config/startup";
import { schedulePruning } from "@/lib/db/prune";
import { closeSqlDatabase } from "@/lib/db/sql/database";
import { beginDraining, HEALTH_PATHS, HEALTH_ROUTES } from "@/lib/health";
import { PROTOCOL_ROUTES, serverKeyring } from "@/lib/oauth-server";
import { ENDPOINT_PATHS } from "@/lib/oauth/endpoints";
import { flushLog, logRequest, requestLog } from "@/lib/observe/log";
import { createMetrics, createMetricsServer, type Metrics } from "@/lib/observe/metrics";
import { REQUEST_ID_HEADER, requestIdFor } from "@/lib/observe/request-id";
import { flushRateLimits } from "@/lib/rate-limit/server";
import { currentScopeCatalogue } from "@/lib/scope-catalogue";
import { transportSecurityFor } from "@/lib/security-headers";
import { createFrontServer, publicFiles, type FrontServer, type Observation, type ProtocolRoute } from "./front-server";

/** The route label of each path the front serves itself: the endpoint's name (metrics and the request log never see a raw path). */
function routeNames(): Map<string, string> {
  const names = new Map<string, string>(Object.entries(ENDPOINT_PATHS).map(([name, path]) => [path, name]));
  names.set(HEALTH_PATHS.liveness, "healthz");
  names.set(HEALTH_PATHS.readiness, "readyz");
  return names;
}

async function main(): Promise<void> {
  await checkStartupConfiguration();
  // The first start makes the ID token signing keys (instances starting together make one of each).
  await serverKeyring().ensureKeys(new Date());
  schedulePruning();
  const { root, trustProxy, issuer, maxConnectionsPerAddress } = config();
  const port = Number(process.env.PORT || 3000);
  const hostname = process.env.HOST || undefined;
  const app = next({ dev: false, dir: root, hostname, port });
  const handleWithNext = app.getRequestHandler();
  await app.prepare();

  const metrics = config().metrics ? createMetrics() : null;
  const log = requestLog();
  const observe = (o: Observation) => {
    logRequest({ requestId: o.requestId, method: o.method, route: o.route, status: o.status, durationMs: Math.round(o.seconds * 10_000) / 10, clientId: o.report?.clientId, grantType: o.report?.grantType, error: o.report?.error });
    metrics?.request({ route: o.route, method: o.method, status: o.status, seconds: o.seconds, report: o.report });
  };

  const server = createFrontServer({
    origin: new URL(issuer).origin,
    routes: new Map<string, ProtocolRoute>([...Object.entries(PROTOCOL_ROUTES), ...Object.entries(HEALTH_ROUTES)]),
    routeNames: routeNames(),
    metadataPath: ENDPOINT_PATHS.metadata,
    // The catalogue is one object while it stays the same: the front keeps the metadata answer made from it.
    metadataVersion: currentScopeCatalogue,
    files: publicFiles(root),
    handleWithNext,
    // Read before the front replaces the header with the id it settled on.
    requestId: (req) => requestIdFor(req.headers[REQUEST_ID_HEADER], trustProxy),
    onRequest: (req) => setClientAddress(req.headers, req.socket.remoteAddress ?? "", trustProxy),
    headers: transportSecurityFor(issuer),
    // Behind trusted proxies every connection comes from a proxy: no cap on their addresses.
    maxConnectionsPerAddress: trustProxy > 0 ? 0 : maxConnectionsPerAddress,
    observe,
  });
  server.listen(port, hostname, () => log.info({ port, host: hostname ?? "all interfaces" }, `gatehouse: listening on http://${hostname ?? "localhost"}:${port}`));
  const metricsServer = metrics ? listenForMetrics(metrics) : null;
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      // A terminal's Ctrl-C reaches both npm start and this process: the second one changes nothing.
      if (stopping) return;
      stopping = true;
      void shutDown(signal, server, metricsServer);
    });
  }
}

function listenForMetrics(metrics: Metrics): ReturnType<typeof createMetricsServer> {
  const { port, host } = config().metrics!;
  const server = createMetricsServer(metrics.registry);
  server.listen(port, host, () => requestLog().info({ port, host }, `gatehouse: metrics on http://${host}:${port}/metrics`));
  return server;
}

/**
 * The graceful end (docs/DEPLOYMENT.md): readiness fails at once; the server goes on serving for
 * the drain delay (SIGTERM only: a developer's Ctrl-C need not wait for a load balancer), then
 * stops accepting and lets what is in flight finish, each answer closing its connection; the
 * batched rate-limit counts are written, the database closed, and the process exits 0. Past the
 * deadline it exits 1 whatever is still open.
 */
async function shutDown(signal: "SIGINT" | "SIGTERM", server: FrontServer, metricsServer: ReturnType<typeof createMetricsServer> | null): Promise<void> {
  const { drainDelayMs, timeoutMs } = config().shutdown;
  const log = requestLog();
  const deadline = setTimeout(() => {
    log.error({ signal, timeoutMs }, `gatehouse: still not stopped ${timeoutMs / 1000} s after ${signal} (GATEHOUSE_SHUTDOWN_TIMEOUT): exiting with requests in flight`);
    flushLog();
    process.exit(1);
  }, timeoutMs);
  beginDraining();
  const delay = signal === "SIGTERM" ? drainDelayMs : 0;
  log.info({ signal, drainDelayMs: delay }, `gatehouse: ${signal}: readiness fails now; accepting connections for ${delay / 1000} s more, then finishing what is in flight`);
  await new Promise((resolve) => setTimeout(resolve, delay));
  metricsServer?.close();
  metricsServer?.closeAllConnections();
  await server.closeGracefully();
  try {
    await flushRateLimits();
    await closeSqlDatabase();
  } catch (error) {
    log.error({ err: (error as Error).message }, "gatehouse: the rate-limit counts or the database could not be closed cleanly");
  }
  clearTimeout(deadline);
  log.info({ signal }, "gatehouse: stopped");
  flushLog();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(`gatehouse: ${(error as Error).message}`);
  process.exit(1);
});
