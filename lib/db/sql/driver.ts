import Database from "better-sqlite3";
import pg from "pg";
import { SQLITE_SETTINGS } from "@/lib/db/sqlite-settings";
import { watcher, type DatabaseOperation } from "@/lib/observe/events";

/**
 * The server's one way to the database: prepared SQL through the drivers, on one connection per
 * process (SQLite) or one pool (PostgreSQL), for the protocol endpoints and the pages alike.
 * Statements are written once with `?` placeholders; the PostgreSQL driver numbers them. The
 * tables are Prisma's (prisma/schema.prisma, migrated by Prisma Migrate), and dates are read and
 * written in the format Prisma uses, so the tests' Prisma client (lib/testing/prisma.ts) reads
 * back what the server stored, and the server reads what the tests set up.
 */
export type Row = Record<string, unknown>;

/** One statement and its parameters. */
export type Statement = { sql: string; params: unknown[] };

/** A statement a transaction's body hands the driver, which sends back its rows or its count of changed rows. */
export type TxStep = { kind: "all" | "run"; sql: string; params: unknown[] };

/**
 * A transaction's body is a generator function: it yields its statements (through the handle,
 * `const rows = yield* tx.all(...)`) and cannot await anything else. So the SQLite driver runs it
 * synchronously, inside the group commit (lib/db/sql/driver.ts), with no other request's
 * statement between two of its own, and the PostgreSQL driver runs the same body on one pooled
 * connection. A body may run more than once (a retried serialization failure, a group commit
 * run again): it must do nothing but its statements.
 */
export type TxBody<T> = Generator<TxStep, T, unknown>;

/** What a transaction's body writes with. Entity functions take it, so a rule spanning entities is one transaction. */
export type Tx = {
  readonly dialect: "sqlite" | "postgres";
  all<T extends Row>(sql: string, params: unknown[]): Generator<TxStep, T[], unknown>;
  /** The number of rows the statement changed. */
  run(sql: string, params: unknown[]): Generator<TxStep, number, unknown>;
  /** A date as this database stores it. */
  date(value: Date): unknown;
  /** A boolean as this database stores it (SQLite: 1 or 0). */
  bool(value: boolean): unknown;
};

/**
 * The isolation a transaction needs (PostgreSQL; SQLite's single writer makes every write
 * transaction serializable). READ COMMITTED suits a body whose every write is guarded by its own
 * WHERE; REPEATABLE READ, one that writes what it read earlier in the transaction.
 */
export type Isolation = "read committed" | "repeatable read" | "serializable";
/**
 * `readOnly`: the body only reads, from one snapshot (SQLite: beside the other reads of its turn,
 * taking no write lock; PostgreSQL: REPEATABLE READ, READ ONLY). A write in it fails.
 */
export type TxOptions = { isolation?: Isolation; readOnly?: boolean };

/** `?, ?, ?` for a list of n values (an IN list); n must be at least 1. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => "?").join(", ");
}

function txHandle(dialect: Tx["dialect"], date: (value: Date) => unknown): Tx {
  return {
    dialect,
    bool: (value) => (dialect === "sqlite" ? Number(value) : value),
    *all<T extends Row>(sql: string, params: unknown[]) {
      return (yield { kind: "all", sql, params }) as T[];
    },
    *run(sql: string, params: unknown[]) {
      return (yield { kind: "run", sql, params }) as number;
    },
    date,
  };
}

export interface SqlDriver {
  readonly dialect: "sqlite" | "postgres";
  all<T extends Row>(sql: string, params: unknown[]): Promise<T[]>;
  /** The number of rows the statement changed. */
  run(sql: string, params: unknown[]): Promise<number>;
  /**
   * In one transaction: runs `guard`; when it changed exactly one row, runs `then` and commits
   * (true); otherwise changes nothing (false). Of concurrent batches with the same guard, one wins.
   */
  guardedBatch(guard: Statement, then: Statement[]): Promise<boolean>;
  /**
   * Runs the body as one transaction and commits it (TxBody says how). A PostgreSQL
   * serialization failure or deadlock runs it again, at most TX_ATTEMPTS times in all.
   */
  transaction<T>(body: (tx: Tx) => TxBody<T>, options?: TxOptions): Promise<T>;
  /**
   * Runs a body whose one statement needs no transaction around it (an end, a revocation: one
   * guarded UPDATE), as a plain write: on PostgreSQL one round trip instead of four. Each
   * statement of a longer body would commit alone.
   */
  autocommit<T>(body: (tx: Tx) => TxBody<T>): Promise<T>;
  /** A date as this database stores it. */
  date(value: Date): unknown;
  /**
   * A value that changes whenever another connection (another process's, the tests' client) has
   * committed to the database, or this one has committed a transaction(), since the last call
   * (what the caches hold changes only so: every write to a cached table is a transaction());
   * null where the database cannot tell.
   */
  changesElsewhere(): string | null;
  close(): Promise<void>;
}

/**
 * Writes this process made to cached rows through another client (the tests' Prisma client),
 * counted as they return: the caches drop what they hold at once here, before the database
 * tells (PostgreSQL's NOTIFY comes a moment later). The server's own writes to cached rows go
 * through transaction(), which counts itself.
 */
let localChanges = 0;
export function noteCachedRowsChanged(): void {
  localChanges++;
}

/** A stored date as a Date (SQLite: Prisma's ISO text; PostgreSQL: parsed as UTC). */
export function readDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

export function readOptionalDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : readDate(value);
}

/** A nullable text column as a string or null. */
export function readOptionalText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/**
 * A guarded batch that hit a row deleted under it (a foreign key to a grant, user or app that
 * is gone), or lost a deadlock or serialization conflict to a concurrent change, lost the race:
 * it changed nothing and reports so, as a used code would (never a server error).
 */
const LOST_RACE_CODES = new Set(["SQLITE_CONSTRAINT_FOREIGNKEY", "23503", "40P01", "40001"]);
const isLostRace = (error: unknown) => LOST_RACE_CODES.has(String((error as { code?: unknown }).code ?? ""));

/** PostgreSQL's serialization failure and deadlock: the transaction changed nothing and may run again. */
const RETRYABLE_CODES = new Set(["40001", "40P01"]);
export const isRetryable = (error: unknown) => RETRYABLE_CODES.has(String((error as { code?: unknown }).code ?? ""));
/** How many times a transaction runs at most before its serialization failure is the caller's. */
export const TX_ATTEMPTS = 4;

/** Runs a body's steps one by one with `step` (synchronous on SQLite), and returns what the body returns. */
function driveSync<T>(body: TxBody<T>, step: (s: TxStep) => unknown): T {
  let next = body.next();
  while (!next.done) next = body.next(step(next.value));
  return next.value;
}

/** A statement (or several) waiting for the next batch, and the promise it settles. */
type Queued = { work: () => unknown; resolve: (value: never) => void; reject: (error: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Runs each work, keeping its value or error; a busy database ends the whole run when asked (it runs again). */
function runEach(batch: Pick<Queued, "work">[], { rethrowBusy }: { rethrowBusy: boolean }): Outcome[] {
  return batch.map(({ work }) => {
    try {
      return { ok: true, value: work() };
    } catch (error) {
      if (rethrowBusy && isBusy(error)) throw error;
      return { ok: false, error };
    }
  });
}

function settle(batch: Queued[], outcomes: Outcome[]): void {
  batch.forEach(({ resolve, reject }, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) resolve(outcome.value as never);
    else reject(outcome.error);
  });
}

const SQLITE_BUSY = /^SQLITE_BUSY/;
const isBusy = (error: unknown) => SQLITE_BUSY.test((error as { code?: string }).code ?? "");
const BUSY_RETRY_MS = 2000;

/**
 * SQLite through better-sqlite3, the process's one connection. Calls are synchronous, so the
 * connection never holds a lock across an await; it waits for none either (busy_timeout 0): a
 * lock held by another connection of this very process (the tests' Prisma client, in an
 * interactive transaction) would block the event loop that must commit it, and one held by
 * another process (a script) is worth waiting for without blocking every request. A busy
 * database is retried asynchronously instead.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = "sqlite";
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    this.db = new Database(file, { timeout: 0 });
    for (const setting of SQLITE_SETTINGS) this.db.pragma(setting);
    // Transaction functions are made once: better-sqlite3 builds four wrappers for each.
    this.readTogether = this.db.transaction((batch: Queued[]) => runEach(batch, { rethrowBusy: true })).deferred;
    this.commitTogether = this.db.transaction((batch: Queued[]) => batch.map(({ work }) => work())).immediate;
    const inSavepoint = this.db.transaction((work: () => unknown) => work());
    this.commitEachAlone = this.db.transaction((batch: Queued[]) => runEach(batch.map(({ work }) => ({ work: () => inSavepoint(work) })), { rethrowBusy: false })).immediate;
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private async retryWhileBusy<T>(work: () => T): Promise<T> {
    const deadline = Date.now() + BUSY_RETRY_MS;
    for (let delay = 1; ; delay = Math.min(delay * 2, 25)) {
      try {
        return work();
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  all<T extends Row>(sql: string, params: unknown[]): Promise<T[]> {
    return new Promise<T[]>((resolve, reject) => {
      this.reads.push({ work: () => this.prepare(sql).all(...params), resolve, reject });
      if (this.reads.length === 1) setImmediate(() => void this.readPending());
    });
  }

  private reads: Queued[] = [];
  private readonly readTogether: (batch: Queued[]) => Outcome[];

  /**
   * The reads that arrive in one turn of the event loop share one read transaction: SQLite takes
   * and releases its WAL read lock once for all of them instead of once per statement.
   */
  private async readPending(): Promise<void> {
    const batch = this.reads.splice(0);
    const started = performance.now();
    // BEGIN (deferred: reads take no write lock) ... COMMIT; a lone read is its own transaction.
    const read = batch.length === 1 ? () => runEach(batch, { rethrowBusy: true }) : () => this.readTogether(batch);
    const outcomes = await this.retryWhileBusy(read).catch((error: unknown) => batch.map(() => ({ ok: false as const, error })));
    watcher().databaseCall("read", (performance.now() - started) / 1000);
    settle(batch, outcomes);
  }

  run(sql: string, params: unknown[]): Promise<number> {
    return this.write(() => this.prepare(sql).run(...params).changes);
  }

  guardedBatch(guard: Statement, then: Statement[]): Promise<boolean> {
    return this.write(() => {
      if (this.prepare(guard.sql).run(...guard.params).changes !== 1) return false;
      for (const s of then) this.prepare(s.sql).run(...s.params);
      return true;
    }).catch((error: unknown) => {
      // Its savepoint was rolled back: nothing of the batch is stored.
      if (isLostRace(error)) return false;
      throw error;
    });
  }

  /** Transactions this connection committed: what the caches hold may have changed (changesElsewhere). */
  private ownTransactions = 0;

  transaction<T>(body: (tx: Tx) => TxBody<T>, { readOnly = false }: TxOptions = {}): Promise<T> {
    const tx = txHandle(this.dialect, (value) => this.date(value));
    if (readOnly) {
      const read = ({ kind, sql, params }: TxStep) => {
        if (kind !== "all") throw new Error("a read-only transaction cannot write");
        return this.prepare(sql).all(...params);
      };
      return new Promise<T>((resolve, reject) => {
        this.reads.push({ work: () => driveSync(body(tx), read), resolve: resolve as (value: unknown) => void, reject });
        if (this.reads.length === 1) setImmediate(() => void this.readPending());
      });
    }
    const step = (s: TxStep) => this.step(s);
    // A work of the group commit: it runs whole in one go, in a savepoint of its own when the batch runs again.
    return this.write(() => {
      const value = driveSync(body(tx), step);
      this.ownTransactions++;
      return value;
    });
  }

  /** One statement of a body: its rows, or the number of rows it changed. */
  private step({ kind, sql, params }: TxStep): unknown {
    return kind === "all" ? this.prepare(sql).all(...params) : this.prepare(sql).run(...params).changes;
  }

  autocommit<T>(body: (tx: Tx) => TxBody<T>): Promise<T> {
    const tx = txHandle(this.dialect, (value) => this.date(value));
    return this.write(() => driveSync(body(tx), (s) => this.step(s)));
  }

  private pending: Queued[] = [];
  private readonly commitTogether: (batch: Queued[]) => unknown[];
  private readonly commitEachAlone: (batch: Queued[]) => Outcome[];

  /**
   * Group commit: the writes that arrive in one turn of the event loop run in one transaction,
   * and each promise settles once that transaction has committed. Every commit costs the same
   * file locking and WAL append whatever it holds, so concurrent requests share one. A write
   * that fails is refused alone: the transaction is rolled back and the batch runs again with
   * each write in a savepoint of its own (savepoints cost every write, failures are rare).
   */
  private write<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length === 1) setImmediate(() => void this.commitPending());
    });
  }

  private async commitPending(): Promise<void> {
    const batch = this.pending.splice(0);
    const started = performance.now();
    // BEGIN IMMEDIATE: take the write lock first, so each guard's read and its writes are one.
    let outcomes: Outcome[];
    try {
      outcomes = (await this.retryWhileBusy(() => this.commitTogether(batch))).map((value) => ({ ok: true as const, value }));
    } catch (error) {
      if (isBusy(error)) outcomes = batch.map(() => ({ ok: false as const, error }));
      else outcomes = await this.retryWhileBusy(() => this.commitEachAlone(batch)).catch((again: unknown) => batch.map(() => ({ ok: false as const, error: again })));
    }
    watcher().databaseCall("write", (performance.now() - started) / 1000);
    settle(batch, outcomes);
  }

  private dataVersion: Database.Statement | undefined;

  changesElsewhere(): string {
    // SQLite's data_version: unchanged by this connection's own commits (see sqlite.org/pragma.html).
    this.dataVersion ??= this.db.prepare("PRAGMA data_version").pluck();
    return `${this.dataVersion.get() as number}.${this.ownTransactions + localChanges}`;
  }

  date(value: Date): string {
    // Prisma's SQLite adapter stores ISO 8601 text with an explicit offset.
    return value.toISOString().replace("Z", "+00:00");
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/**
 * A statement as pg runs it: `?` placeholders numbered ($1, $2, ...), and a name, so each pooled
 * connection parses and plans it once (a prepared statement) instead of on every request.
 */
const prepared = new Map<string, { name: string; text: string }>();
function toPostgres(sql: string, values: unknown[]): pg.QueryConfig {
  let statement = prepared.get(sql);
  if (statement === undefined) {
    let n = 0;
    statement = { name: `gatehouse_${prepared.size}`, text: sql.replace(/\?/g, () => `$${++n}`) };
    prepared.set(sql, statement);
  }
  return { ...statement, values };
}

const TIMESTAMP_OID = 1114;

/** Runs a body's steps one by one on a client (in a transaction) or the pool (each alone), and returns what the body returns. */
async function driveOn<T>(db: Pick<pg.Pool, "query"> | pg.PoolClient, body: TxBody<T>): Promise<T> {
  let next = body.next();
  while (!next.done) {
    const { kind, sql, params } = next.value;
    const result = await db.query(toPostgres(sql, params));
    next = body.next(kind === "all" ? result.rows : (result.rowCount ?? 0));
  }
  return next.value;
}

/** The channel and version row through which PostgreSQL tells of a change to cached rows (migration 0007). */
export const CACHED_ROWS_CHANNEL = "gatehouse_cached_rows";
const CACHED_ROWS_VERSION_SQL = `SELECT "version" FROM "CatalogueVersion" WHERE "id" = 2`;
/** How often the version row is read, in case a notification was missed: the bound on a change going unseen. */
export const CACHED_ROWS_POLL_MS = 1000;
const LISTEN_RETRY_MS = 1000;

/** Tells the watcher how long a PostgreSQL call took, from its start (performance.now()) to now, waiting for a connection included. */
function timed(operation: DatabaseOperation, started: number): void {
  watcher().databaseCall(operation, (performance.now() - started) / 1000);
}

/**
 * PostgreSQL through the process's one pg pool, and one more connection that listens for changes
 * to cached rows; timestamps (without time zone, as Prisma makes them) are UTC.
 */
export class PostgresDriver implements SqlDriver {
  readonly dialect = "postgres";
  /** The query pool; the rate limiter's counters share it (lib/rate-limit/server.ts), so a process holds `poolSize` + 1 connections. */
  readonly pool: pg.Pool;

  constructor(
    private readonly connectionString: string,
    poolSize: number,
  ) {
    this.pool = new pg.Pool({
      connectionString,
      max: poolSize,
      types: { getTypeParser: (oid, format) => (oid === TIMESTAMP_OID ? (v: string) => new Date(`${v.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format)) },
    });
  }

  /**
   * What this process keeps of cached rows is current while `changes` stays the same. It moves
   * on a notification, on a version row that moved since the last poll, when the listening
   * connection (re)connects (what it missed meanwhile is unknown), and on this connection's own
   * transactions. While no connection listens, nothing is kept (changesElsewhere is null).
   */
  private changes = 0;
  private listening = false;
  private watch: { listener: pg.Client | null; poll: NodeJS.Timeout; retry: NodeJS.Timeout | null; polled: number | null } | null = null;
  private closed = false;

  private startWatching(): void {
    if (this.watch || this.closed) return;
    const poll = setInterval(() => void this.pollVersion(), CACHED_ROWS_POLL_MS);
    poll.unref();
    this.watch = { listener: null, poll, retry: null, polled: null };
    void this.listen();
  }

  private async listen(): Promise<void> {
    const watch = this.watch;
    if (!watch || this.closed) return;
    const listener = new pg.Client({ connectionString: this.connectionString });
    const lost = () => {
      if (watch.listener !== listener) return;
      watch.listener = null;
      this.listening = false;
      void listener.end().catch(() => undefined);
      if (!this.closed) {
        watch.retry = setTimeout(() => void this.listen(), LISTEN_RETRY_MS);
        watch.retry.unref();
      }
    };
    watch.listener = listener;
    listener.on("notification", () => this.changes++);
    listener.on("error", lost);
    listener.on("end", lost);
    try {
      await listener.connect();
      await listener.query(`LISTEN ${CACHED_ROWS_CHANNEL}`);
      if (watch.listener !== listener) return;
      this.changes++;
      this.listening = true;
    } catch {
      lost();
    }
  }

  private async pollVersion(): Promise<void> {
    if (!this.watch) return;
    try {
      const [row] = (await this.pool.query(CACHED_ROWS_VERSION_SQL)).rows as { version: number }[];
      const version = row ? Number(row.version) : null;
      if (version !== this.watch.polled) {
        this.watch.polled = version;
        this.changes++;
      }
    } catch {
      // The database is away: the listener's loss says so too, and nothing is kept meanwhile.
    }
  }

  async all<T extends Row>(sql: string, params: unknown[]): Promise<T[]> {
    const started = performance.now();
    try {
      return (await this.pool.query(toPostgres(sql, params))).rows as T[];
    } finally {
      timed("read", started);
    }
  }

  async run(sql: string, params: unknown[]): Promise<number> {
    const started = performance.now();
    try {
      return (await this.pool.query(toPostgres(sql, params))).rowCount ?? 0;
    } finally {
      timed("write", started);
    }
  }

  async guardedBatch(guard: Statement, then: Statement[]): Promise<boolean> {
    const started = performance.now();
    try {
      return await this.guardedBatchOnce(guard, then);
    } finally {
      timed("guarded_batch", started);
    }
  }

  private async guardedBatchOnce(guard: Statement, then: Statement[]): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const { rowCount } = await client.query(toPostgres(guard.sql, guard.params));
      if (rowCount !== 1) {
        await client.query("ROLLBACK");
        return false;
      }
      for (const s of then) await client.query(toPostgres(s.sql, s.params));
      await client.query("COMMIT");
      return true;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      if (isLostRace(error)) return false;
      throw error;
    } finally {
      client.release();
    }
  }

  async transaction<T>(body: (tx: Tx) => TxBody<T>, options: TxOptions = {}): Promise<T> {
    const started = performance.now();
    try {
      return await this.transactionWithRetries(body, options);
    } finally {
      timed("transaction", started);
    }
  }

  private async transactionWithRetries<T>(body: (tx: Tx) => TxBody<T>, { isolation = "read committed", readOnly = false }: TxOptions): Promise<T> {
    const tx = txHandle(this.dialect, (value) => this.date(value));
    const begin = readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY" : `BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`;
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await client.query(begin);
        const value = await driveOn(client, body(tx));
        await client.query("COMMIT");
        // What this process keeps is dropped at once; the other instances hear the trigger's NOTIFY.
        if (!readOnly) this.changes++;
        return value;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        if (!isRetryable(error) || attempt >= TX_ATTEMPTS) throw error;
      } finally {
        client.release();
      }
      // A little apart, and not in step with the transactions it collided with.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }

  async autocommit<T>(body: (tx: Tx) => TxBody<T>): Promise<T> {
    const started = performance.now();
    try {
      return await driveOn(this.pool, body(txHandle(this.dialect, (value) => this.date(value))));
    } finally {
      timed("autocommit", started);
    }
  }

  changesElsewhere(): string | null {
    this.startWatching();
    return this.listening ? String(this.changes + localChanges) : null;
  }

  date(value: Date): string {
    // A timestamp without time zone takes the UTC digits; the offset would be ignored anyway.
    return value.toISOString().replace("Z", "");
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.watch) {
      clearInterval(this.watch.poll);
      if (this.watch.retry) clearTimeout(this.watch.retry);
      const listener = this.watch.listener;
      this.watch = null;
      this.listening = false;
      await listener?.end().catch(() => undefined);
    }
    await this.pool.end();
  }
}
