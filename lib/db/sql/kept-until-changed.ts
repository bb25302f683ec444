/**
 * Rows that change rarely (apps, secrets, APIs, users' claims): what was found is kept until the
 * driver's change counter moves (lib/db/sql/driver.ts changesElsewhere: SQLite's data_version and
 * this connection's own transactions; PostgreSQL's NOTIFY, a version poll and reconnections; on
 * both, writes of the tests' Prisma client as they return). Client authentication then reads nothing
 * per request, and a secret revoked on the dashboard is refused from the next request on. What
 * was not found is never kept. While the driver cannot tell (null), every lookup reads.
 */
export function keptUntilChangedElsewhere(changesElsewhere: () => string | number | null, capacity: number) {
  const kept = new Map<string, unknown>();
  let seen: string | number | null = null;
  return async function cached<T extends object>(key: string, read: () => Promise<T | null>): Promise<T | null> {
    const version = changesElsewhere();
    if (version === null) return read();
    if (version !== seen) {
      kept.clear();
      seen = version;
    }
    const hit = kept.get(key);
    if (hit !== undefined) return hit as T;
    // A commit elsewhere during the read changes the version: the next lookup starts afresh.
    const found = await read();
    if (found !== null) {
      // Past its capacity it starts again empty: memory stays bounded.
      if (kept.size >= capacity) kept.clear();
      kept.set(key, deepFreeze(found));
    }
    return found;
  };
}

/**
 * The change counter, asked once a turn of the event loop (it costs a look at SQLite's WAL
 * index): the lookups of one turn, in every cache that shares it, are answered as of its start.
 * A driver that cannot tell yet (null: PostgreSQL before its listening connection is up, or
 * while it is down) is asked again the next turn.
 */
export function oncePerTurn(changesElsewhere: () => string | number | null): () => string | number | null {
  let thisTurn: string | number | null | undefined;
  return () => {
    if (thisTurn === undefined) {
      thisTurn = changesElsewhere();
      setImmediate(() => (thisTurn = undefined));
    }
    return thisTurn;
  };
}

/** Handed out again and again: frozen, so no caller can change it for the next. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
