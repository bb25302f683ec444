import type { SqlDriver, Statement, Tx, TxBody } from "@/lib/db/sql/driver";

/**
 * What each entity module's part of the protocol endpoints' storage is made with
 * (lib/db/sql/oauth-storage.ts puts them together): the process's connection, its caches of
 * rarely changing rows, and the coalesced last-used writes.
 */
export type HotPath = {
  sql: SqlDriver;
  date: (value: Date) => unknown;
  /** Apps, APIs and their secrets: kept until the driver's change counter moves (lib/db/sql/kept-until-changed.ts). */
  cached: Cached;
  /** Users' claims, kept the same way in a larger cache. */
  cachedUser: Cached;
  /** Writes a credential's last use with its module's statement, at most once a minute per credential. */
  markUsed(used: (tx: Tx, id: string, at: Date) => TxBody<void>, id: string, at: Date): Promise<void>;
  /** The grant's last-use statement for a token request's batch, when one is due. */
  touchGrant(grantId: string, at: Date): Statement[];
};

export type Cached = <T extends object>(key: string, read: () => Promise<T | null>) => Promise<T | null>;

/**
 * Last-used times (of secrets, keys and grants) are written at most once a minute per row by
 * this process: the read path barely writes, and a token request writes only what it must.
 */
const LAST_USED_RESOLUTION_MS = 60_000;
/** Past this many remembered rows, those not written within the resolution are forgotten. */
export const LAST_USED_MEMORY = 10_000;

/** Whether a row's last-used time is due for a write at `at`; when it is, remembers that it was written. */
export function lastUsedCoalescer(): (rowId: string, at: Date) => boolean {
  const written = new Map<string, number>();
  // Written within the resolution before `now` (a clock set back makes every row due again).
  const recent = (time: number, now: number) => now - time < LAST_USED_RESOLUTION_MS && now >= time;
  return (rowId, at) => {
    const now = at.getTime();
    const last = written.get(rowId);
    if (last !== undefined && recent(last, now)) return false;
    if (written.size >= LAST_USED_MEMORY) {
      for (const [id, time] of written) if (!recent(time, now)) written.delete(id);
    }
    written.set(rowId, now);
    return true;
  };
}
