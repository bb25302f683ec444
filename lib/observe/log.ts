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

const LOG_BATCH_BYTES = 4096;
const LOG_FLUSH_MS = 250;

const globalForLog = globalThis as unknown as { gatehouseLog?: { logger: Logger; destination: DestinationStream & { flushSync(): void } } };

/**
 * The process's logger, at GATEHOUSE_LOG_LEVEL. Lines are written in batches of at least 4 KiB
 * (about 20 lines), and at least every 250 ms, rather than one write a line: each write is a
 * system call on libuv's thread pool. flushLog() at shutdown writes what is left.
 */
export function requestLog(): Logger {
  let log = globalForLog.gatehouseLog;
  if (!log) {
    const destination = pino.destination({ dest: 1, sync: false, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_MS });
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

/** Writes every buffered line now (at shutdown, before the process exits); a standard output nobody reads any more loses them. */
export function flushLog(): void {
  try {
    globalForLog.gatehouseLog?.destination.flushSync();
  } catch {
    // EPIPE and the like: the reader is gone, and the process exits all the same.
  }
}
