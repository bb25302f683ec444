import type { Budget } from "@/lib/rate-limit/policies";

/** Where a key stands: the points of its window and the milliseconds left in it. */
export type Count = { consumedPoints: number; msBeforeNext: number };

/**
 * The key that counts, together, every sender that arrives while the table is full. Limiter keys
 * are SHA-256 digests in base64url (lib/rate-limit/limiter.ts), so no sender's key is this one.
 */
export const OVERFLOW_KEY = "overflow";

/** The most keys the process holds for one budget, unless GATEHOUSE_LIMIT_MAX_KEYS says otherwise. */
export const DEFAULT_MAX_KEYS = 10_000;

/** A full table is swept for expired keys at most this often; in between, new keys count as the overflow. */
const SWEEP_INTERVAL_MS = 1000;

/**
 * A table of at most `capacity` keys (the overflow key aside) that never evicts a live key to make
 * room: a key it holds, or one there is room for, is itself; any other is the overflow key. A full
 * table is swept for keys that `isExpired` says are done at most once a second.
 */
export class BoundedTable<V> {
  readonly entries = new Map<string, V>();
  private nextSweep = 0;

  constructor(
    readonly capacity: number,
    private readonly isExpired: (value: V, now: number) => boolean,
  ) {}

  /** The key itself when it is held or there is room for it; else the overflow key. */
  slotFor(key: string, now: number): string {
    return this.entries.has(key) || this.hasRoom(now) ? key : OVERFLOW_KEY;
  }

  /** How many keys are held (the overflow key included) and the bytes of their names. */
  stats(): { keys: number; keyBytes: number } {
    let keyBytes = 0;
    for (const key of this.entries.keys()) keyBytes += key.length;
    return { keys: this.entries.size, keyBytes };
  }

  private hasRoom(now: number): boolean {
    if (this.heldKeys() < this.capacity) return true;
    if (now < this.nextSweep) return false;
    this.nextSweep = now + SWEEP_INTERVAL_MS;
    for (const [key, value] of this.entries) if (this.isExpired(value, now)) this.entries.delete(key);
    return this.heldKeys() < this.capacity;
  }

  private heldKeys(): number {
    return this.entries.size - (this.entries.has(OVERFLOW_KEY) ? 1 : 0);
  }
}

type Entry = { points: number; expire: number };

/**
 * Fixed-window counts for one budget, in the process, with a bounded number of keys: the
 * counting of rate-limiter-flexible's memory limiter (a window opens with a key's first point and
 * lasts the budget's seconds; a block holds the key over its budget for a time), without its timer
 * per key and with a capacity.
 *
 * When the table is full, a key already in it is counted as always, and a new key is counted as
 * the one overflow key of the budget: nothing in the table is ever evicted to make room, so no
 * sender can wipe another's count or lockout by filling the table, and a flood of new keys shares
 * one budget instead of getting one each. The price is paid by new senders while the table is
 * full: they share that budget until the keys in the table expire. The overflow key is never
 * blocked past its window nor reset, so no single sender can lock it for everyone or clear what
 * the others spent.
 */
export class BoundedCounts {
  private readonly table: BoundedTable<Entry>;

  constructor(
    private readonly budget: Budget,
    /** The most keys held, the overflow key aside. */
    capacity: number,
  ) {
    this.table = new BoundedTable(capacity, (entry, now) => entry.expire <= now);
  }

  /** Counts one point for the key (or for the overflow key when the table is full). */
  consume(key: string, now = Date.now()): Count {
    const slot = this.table.slotFor(key, now);
    let entry = this.live(slot, now);
    if (!entry) this.table.entries.set(slot, (entry = { points: 0, expire: now + this.budget.seconds * 1000 }));
    entry.points += 1;
    return { consumedPoints: entry.points, msBeforeNext: entry.expire - now };
  }

  /** Where the key stands (the overflow key's count for a key the full table could not take), counting nothing. */
  peek(key: string, now = Date.now()): Count | null {
    const entry = this.live(this.table.slotFor(key, now), now);
    return entry ? { consumedPoints: entry.points, msBeforeNext: entry.expire - now } : null;
  }

  /** Holds the key over its budget for `seconds`. A key the full table cannot take is only counted: the overflow is never blocked. */
  block(key: string, seconds: number, now = Date.now()): void {
    const slot = this.table.slotFor(key, now);
    if (slot === OVERFLOW_KEY) {
      this.consume(key, now);
      return;
    }
    this.table.entries.set(slot, { points: this.budget.points + 1, expire: now + seconds * 1000 });
  }

  /** Forgets the key's count. The overflow key is shared, so a reset never reaches it. */
  reset(key: string): void {
    if (key !== OVERFLOW_KEY) this.table.entries.delete(key);
  }

  stats(): { keys: number; keyBytes: number } {
    return this.table.stats();
  }

  /** The key's entry while its window is open; an expired one is dropped. */
  private live(key: string, now: number): Entry | undefined {
    const entry = this.table.entries.get(key);
    if (entry && entry.expire <= now) {
      this.table.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
