import pino, { type DestinationStream, type Logger } from "pino";
import { config } from "@/lib/config/env";

/**
 * The request log: one JSON line a request on standard output, through pino. A line holds only
 * what RequestLine names (an id, the method, a route label from the route table, never the path
 * or query, the status, the duration, the client ID and the error code): no credential, code,
 * verifier, password, cookie or link can reach it, because nothing the client sent is written
 * but the request id, and that only when a trusted proxy made it (lib/observe/request-id.ts).
 * Diagnostics stay on standard error as they are.
 */
export type RequestLine = {
  requestId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  clientId?: string;
  grantType?: string;
  error?: string;
};

const globalForLog = globalThis as unknown as { gatehouseLog?: { logger: Logger; destination: DestinationStream & { flushSync(): void } } };

/**
 * The process's logger, at GATEHOUSE_LOG_LEVEL. Written asynchronously (sonic-boom coalesces
 * the lines that come while a write is under way) rather than one write a line; flushLog() at
 * shutdown writes what is left.
 */
export function requestLog(): Logger {
  let log = globalForLog.gatehouseLog;
  if (!log) {
    const destination = pino.destination({ dest: 1, sync: false });
    const logger = pino(
      {
        level: config().logLevel,
        base: { pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      destination,
    );
    log = globalForLog.gatehouseLog = { logger, destination };
  }
  return log.logger;
}

/** Routes whose requests are logged at debug: probes every few seconds and built assets would drown the rest. */
const QUIET_ROUTES: ReadonlySet<string> = new Set(["healthz", "readyz", "asset"]);

/** One request, at info (debug for probes and assets). */
export function logRequest(line: RequestLine): void {
  const logger = requestLog();
  if (QUIET_ROUTES.has(line.route)) logger.debug(line, "request");
  else logger.info(line, "request");
}

/** Writes every buffered line now (at shutdown, before the process exits). */
export function flushLog(): void {
  globalForLog.gatehouseLog?.destination.flushSync();
}
