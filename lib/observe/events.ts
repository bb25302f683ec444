/**
 * What the server tells whoever watches it (lib/observe/metrics.ts): the code that knows an event
 * happened calls these, and without a watcher they cost a property read and an empty call. The
 * watcher is one per process, on globalThis, because a production process holds two copies of
 * lib/ (Next's bundle, which serves pages and the sign-in, and the HTTP front's, which serves the
 * protocol endpoints; server/front.ts): both report to the watcher the front installed.
 */
export type Watcher = {
  /** A rate-limit budget refused a request (the protocol endpoints' 429, a sign-in or account change refused). */
  rateLimitRefused(budget: string): void;
  /** A database call took `seconds` (one statement, or one transaction with its statements). */
  databaseCall(operation: DatabaseOperation, seconds: number): void;
};

export type DatabaseOperation = "read" | "write" | "guarded_batch" | "transaction" | "autocommit";

const NOBODY: Watcher = { rateLimitRefused() {}, databaseCall() {} };

const globalForWatcher = globalThis as unknown as { gatehouseWatcher?: Watcher };

/** The process's watcher (a no-op one until the front installs metrics). */
export function watcher(): Watcher {
  return globalForWatcher.gatehouseWatcher ?? NOBODY;
}

/** Installs the process's watcher; `null` removes it (tests). */
export function installWatcher(next: Watcher | null): void {
  globalForWatcher.gatehouseWatcher = next ?? undefined;
}
