import type pg from "pg";
import { BoundedTable, DEFAULT_MAX_KEYS, type Count } from "@/lib/rate-limit/bounded-counts";
import type { Budget } from "@/lib/rate-limit/policies";

/** How often an instance adds what it counted to the shared rows. */
export const FLUSH_INTERVAL_MS = 100;

type KeyState = { shared: number; pending: number; expire: number };

const countOf = (state: KeyState, now: number): Count => ({ consumedPoints: state.shared + state.pending, msBeforeNext: state.expire - now });

/**
 * A request budget shared by every instance through PostgreSQL, without a round trip per
 * request: each instance counts in the process and adds its counts to the key's row (the
 * rate-limiter-flexible row: `prefix:key`, points, expire in ms) in one statement per interval,
 * reading back the shared total. A decision is the last shared total plus what this instance
 * counted since, so the budget is soft by at most what the other instances count within one
 * interval (100 ms). For the budgets counted on every request (per address, per app, per API);
 * failure budgets stay exact (rate-limiter-flexible's own PostgreSQL limiter). The keys held in
 * the process are bounded like the in-process counts (lib/rate-limit/bounded-counts.ts): when
 * the table is full, new keys count as the budget's shared overflow key.
 *
 * The window is the library's: it opens with the key's first point and lasts the budget's
 * seconds; the row's expiry is authoritative once read back. When PostgreSQL cannot be reached,
 * counting goes on in the process and the counts are added once it answers again.
 */
export class BatchedSharedCounter {
  private readonly held: BoundedTable<KeyState>;
  private readonly keys: Map<string, KeyState>;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private warned = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
    private readonly prefix: string,
    private readonly budget: Budget,
    capacity = DEFAULT_MAX_KEYS,
  ) {
    // A key with counts not yet flushed is kept until they are.
    this.held = new BoundedTable(capacity, (state, now) => state.pending === 0 && state.expire <= now);
    this.keys = this.held.entries;
  }

  /** Counts one point for the key (for the overflow key when the table is full). */
  consume(key: string, now = Date.now()): Count {
    const slot = this.held.slotFor(key, now);
    let state = this.keys.get(slot);
    if (!state || state.expire <= now) {
      state = { shared: 0, pending: 0, expire: now + this.budget.seconds * 1000 };
      this.keys.set(slot, state);
    }
    state.pending += 1;
    this.schedule();
    return countOf(state, now);
  }

  /** Where the key stands, counting nothing. */
  peek(key: string, now = Date.now()): Count | null {
    const state = this.keys.get(this.held.slotFor(key, now));
    return state && state.expire > now ? countOf(state, now) : null;
  }

  /** Forgets what this instance knows of the key (its row is reset or blocked elsewhere). */
  forget(key: string): void {
    this.keys.delete(key);
  }

  /** How many keys the process holds for this budget, and the bytes of their names. */
  stats(): { keys: number; keyBytes: number } {
    return this.held.stats();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, FLUSH_INTERVAL_MS);
    // Counting never keeps the process alive: a stopping instance writes its last counts with flushAll.
    this.timer.unref();
  }

  /**
   * Writes every count still pending, waiting for a flush already under way and writing what was
   * counted meanwhile (at shutdown, once no request is in flight). Stops after a few attempts when
   * PostgreSQL does not take them: the shutdown's deadline is the caller's.
   */
  async flushAll(): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.flush();
      if (![...this.keys.values()].some((state) => state.pending > 0)) return;
    }
  }

  /** Adds every pending count to the shared rows in one statement and reads the totals back. */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const now = Date.now();
    const batch: { key: string; state: KeyState; points: number }[] = [];
    for (const [key, state] of this.keys) {
      if (state.pending > 0) batch.push({ key, state, points: state.pending });
      else if (state.expire <= now) this.keys.delete(key);
    }
    if (batch.length === 0) return;
    for (const entry of batch) entry.state.pending -= entry.points;
    try {
      const { rows } = await this.pool.query<{ key: string; points: number; expire: string | null }>({
        name: `gatehouse-batched-upsert-${this.table}`,
        text: `INSERT INTO ${this.table} (key, points, expire)
                 SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[])
               ON CONFLICT (key) DO UPDATE SET
                 points = CASE WHEN ${this.table}.expire <= $4 THEN EXCLUDED.points ELSE ${this.table}.points + EXCLUDED.points END,
                 expire = CASE WHEN ${this.table}.expire <= $4 THEN EXCLUDED.expire ELSE ${this.table}.expire END
               RETURNING key, points, expire`,
        values: [batch.map((e) => `${this.prefix}:${e.key}`), batch.map((e) => e.points), batch.map((e) => e.state.expire), now],
      });
      const byKey = new Map(rows.map((row) => [row.key, row]));
      for (const { key, state } of batch) {
        const row = byKey.get(`${this.prefix}:${key}`);
        if (!row) continue;
        state.shared = row.points;
        if (row.expire !== null) state.expire = Number(row.expire);
      }
      this.warned = false;
    } catch (error) {
      // Counted all the same: the points wait for the next flush.
      for (const entry of batch) entry.state.pending += entry.points;
      if (!this.warned) console.error(`gatehouse: rate-limit counts could not reach PostgreSQL (${(error as Error).message}); counting in the process until it answers`);
      this.warned = true;
    }
    // Points counted while the statement ran wait for the next interval.
    for (const state of this.keys.values()) {
      if (state.pending > 0) return this.schedule();
    }
  }
}
