// The peer's storage: oidc-provider's adapter interface (upsert, find, findByUid, findByUserCode,
// consume, destroy, revokeByGrantId; see its example/my_adapter.js and lib/adapters/memory_adapter.js)
// in memory, on SQLite and on PostgreSQL. The durable two are built as Gatehouse builds its
// storage (lib/db/sql/driver.ts): on SQLite, better-sqlite3 on one connection with the same
// settings, statements prepared once, the writes of one event-loop turn in one transaction (group
// commit) and its reads in one read transaction; on PostgreSQL, one pg pool of Gatehouse's default
// size with named (prepared) statements, each call one statement.
import Database from "better-sqlite3";
import pg from "pg";

/** Gatehouse's default PostgreSQL pool (lib/config/env.ts, DEFAULT_DB_POOL). */
const POSTGRES_POOL_SIZE = 10;

/**
 * oidc-provider's quick-start adapter keeps at most 1,000 entries (an LRU), so the seeded codes
 * and tokens would be evicted. This keeps everything in Maps with the same semantics (expiry,
 * consume, revoke by grant), as an in-memory deployment would.
 */
export function memoryStorage() {
  const entries = new Map();
  const byGrant = new Map();
  class MapAdapter {
    constructor(model) {
      this.model = model;
    }
    key(id) {
      return `${this.model}:${id}`;
    }
    async upsert(id, payload, expiresIn) {
      const key = this.key(id);
      entries.set(key, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
      if (payload.grantId) {
        if (!byGrant.has(payload.grantId)) byGrant.set(payload.grantId, new Set());
        byGrant.get(payload.grantId).add(key);
      }
    }
    async find(id) {
      const entry = entries.get(this.key(id));
      if (!entry) return undefined;
      if (entry.expiresAt <= Date.now()) {
        entries.delete(this.key(id));
        return undefined;
      }
      return entry.payload;
    }
    async findByUid(uid) {
      for (const [key, entry] of entries) if (key.startsWith(`${this.model}:`) && entry.payload.uid === uid && entry.expiresAt > Date.now()) return entry.payload;
      return undefined;
    }
    async findByUserCode(userCode) {
      for (const [key, entry] of entries) if (key.startsWith(`${this.model}:`) && entry.payload.userCode === userCode && entry.expiresAt > Date.now()) return entry.payload;
      return undefined;
    }
    async consume(id) {
      const entry = entries.get(this.key(id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id) {
      entries.delete(this.key(id));
    }
    async revokeByGrantId(grantId) {
      for (const key of byGrant.get(grantId) ?? []) entries.delete(key);
      byGrant.delete(grantId);
    }
  }
  return { Adapter: MapAdapter, settle: async () => undefined };
}

/**
 * One table for every model, keyed by (model, id); the payload is opaque JSON, and what the
 * adapter looks up by (grantId, uid, userCode) and expires by are columns beside it. uid is set
 * only on sessions and userCode only on device codes, so their indexes are partial: a token's
 * insert writes the table, its key and the grant index, nothing more.
 */
const COLUMNS = `"model", "id", "payload", "grant_id", "uid", "user_code", "expires_at", "consumed_at"`;
const schema = (json, integer) => [
  `CREATE TABLE IF NOT EXISTS "oidc_model" ("model" TEXT NOT NULL, "id" TEXT NOT NULL, "payload" ${json} NOT NULL, "grant_id" TEXT, "uid" TEXT, "user_code" TEXT,
     "expires_at" ${integer}, "consumed_at" ${integer}, PRIMARY KEY ("model", "id"))`,
  `CREATE INDEX IF NOT EXISTS "oidc_model_grant" ON "oidc_model" ("grant_id") WHERE "grant_id" IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS "oidc_model_uid" ON "oidc_model" ("uid") WHERE "uid" IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS "oidc_model_user_code" ON "oidc_model" ("user_code") WHERE "user_code" IS NOT NULL`,
];

/** The statements, with `?` placeholders (numbered for PostgreSQL). Expiry is honoured on every read: an expired row is not found. */
const SQL = {
  // A save replaces what was stored, a consumed mark included (oidc-provider sends it in the payload when it keeps one).
  upsert: `INSERT INTO "oidc_model" (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
    ON CONFLICT ("model", "id") DO UPDATE SET "payload" = excluded."payload", "grant_id" = excluded."grant_id", "uid" = excluded."uid",
      "user_code" = excluded."user_code", "expires_at" = excluded."expires_at", "consumed_at" = NULL`,
  find: `SELECT "payload", "consumed_at" FROM "oidc_model" WHERE "model" = ? AND "id" = ? AND ("expires_at" IS NULL OR "expires_at" > ?)`,
  findByUid: `SELECT "payload", "consumed_at" FROM "oidc_model" WHERE "model" = ? AND "uid" = ? AND ("expires_at" IS NULL OR "expires_at" > ?)`,
  findByUserCode: `SELECT "payload", "consumed_at" FROM "oidc_model" WHERE "model" = ? AND "user_code" = ? AND ("expires_at" IS NULL OR "expires_at" > ?)`,
  // Atomic: of concurrent consumes the first one's time stays.
  consume: `UPDATE "oidc_model" SET "consumed_at" = ? WHERE "model" = ? AND "id" = ? AND "consumed_at" IS NULL`,
  destroy: `DELETE FROM "oidc_model" WHERE "model" = ? AND "id" = ?`,
  // oidc-provider calls it once for each model that can hold the grant's tokens (lib/helpers/revoke.js).
  revokeByGrantId: `DELETE FROM "oidc_model" WHERE "model" = ? AND "grant_id" = ?`,
};

/** A stored row as oidc-provider wants it back: the payload, with `consumed` when it was consumed. */
function payloadOf(row) {
  if (!row) return undefined;
  const payload = JSON.parse(row.payload);
  if (row.consumed_at !== null && row.consumed_at !== undefined) payload.consumed = Math.floor(Number(row.consumed_at) / 1000);
  return payload;
}

/** What upsert stores: the payload and the columns looked up by. expiresIn is in seconds. */
function upsertParams(model, id, payload, expiresIn) {
  const expiresAt = typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : null;
  return [model, id, JSON.stringify(payload), payload.grantId ?? null, payload.uid ?? null, payload.userCode ?? null, expiresAt];
}

/** Both durable adapters are this class over a store of two functions: read (rows) and write (count of changed rows). */
function adapterOver(store) {
  return class SqlAdapter {
    constructor(model) {
      this.model = model;
    }
    async upsert(id, payload, expiresIn) {
      await store.write("upsert", upsertParams(this.model, id, payload, expiresIn));
    }
    async find(id) {
      return payloadOf((await store.read("find", [this.model, id, Date.now()]))[0]);
    }
    async findByUid(uid) {
      return payloadOf((await store.read("findByUid", [this.model, uid, Date.now()]))[0]);
    }
    async findByUserCode(userCode) {
      return payloadOf((await store.read("findByUserCode", [this.model, userCode, Date.now()]))[0]);
    }
    async consume(id) {
      await store.write("consume", [Date.now(), this.model, id]);
    }
    async destroy(id) {
      await store.write("destroy", [this.model, id]);
    }
    async revokeByGrantId(grantId) {
      await store.write("revokeByGrantId", [this.model, grantId]);
    }
  };
}

/**
 * SQLite through better-sqlite3, as Gatehouse's SqliteDriver runs it: one connection, the same
 * settings (handed over by the benchmark from lib/db/sqlite-settings.ts), busy timeout 0 (this
 * process is the file's only user), statements prepared once. Each adapter call is one
 * statement, so a failing one is refused alone inside the shared transaction (SQLite rolls back
 * the statement, not the transaction).
 */
export function sqliteStorage(file, settings) {
  const db = new Database(file, { timeout: 0 });
  for (const setting of settings) db.pragma(setting);
  for (const statement of schema("TEXT", "INTEGER")) db.exec(statement);
  const statements = Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)]));
  const runEach = (batch) =>
    batch.map(({ work }) => {
      try {
        return { ok: true, value: work() };
      } catch (error) {
        return { ok: false, error };
      }
    });
  const settle = (batch, outcomes) => batch.forEach(({ resolve, reject }, i) => (outcomes[i].ok ? resolve(outcomes[i].value) : reject(outcomes[i].error)));
  // BEGIN (deferred) for the reads of a turn, BEGIN IMMEDIATE for its writes, as Gatehouse's driver does.
  const readTogether = db.transaction(runEach).deferred;
  const writeTogether = db.transaction(runEach).immediate;
  /** Work queued in one turn of the event loop runs together at its end. */
  function queue(together) {
    const pending = [];
    return (work) =>
      new Promise((resolve, reject) => {
        pending.push({ work, resolve, reject });
        if (pending.length === 1) {
          setImmediate(() => {
            const batch = pending.splice(0);
            try {
              settle(batch, batch.length === 1 ? runEach(batch) : together(batch));
            } catch (error) {
              for (const { reject: fail } of batch) fail(error);
            }
          });
        }
      });
  }
  const reads = queue(readTogether);
  const writes = queue(writeTogether);
  const store = {
    read: (name, params) => reads(() => statements[name].all(...params)),
    write: (name, params) => writes(() => statements[name].run(...params).changes),
  };
  return { Adapter: adapterOver(store), settle: async () => undefined };
}

/**
 * PostgreSQL through one pg pool of Gatehouse's default size; every statement is named, so each
 * pooled connection parses and plans it once, as Gatehouse's PostgresDriver does.
 */
export async function postgresStorage(connectionString) {
  const pool = new pg.Pool({ connectionString, max: POSTGRES_POOL_SIZE });
  for (const statement of schema("TEXT", "BIGINT")) await pool.query(statement);
  const named = Object.fromEntries(
    Object.entries(SQL).map(([name, sql]) => {
      let n = 0;
      return [name, { name: `oidc_${name}`, text: sql.replace(/\?/g, () => `$${++n}`) }];
    }),
  );
  const store = {
    read: async (name, values) => (await pool.query({ ...named[name], values })).rows,
    write: async (name, values) => (await pool.query({ ...named[name], values })).rowCount ?? 0,
  };
  return {
    Adapter: adapterOver(store),
    // After seeding: the planner's statistics and the visibility map in place, so autovacuum does not start on the table under load.
    settle: async () => void (await pool.query(`VACUUM ANALYZE "oidc_model"`)),
  };
}
