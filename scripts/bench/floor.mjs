// The benchmark's write floor: a bare node:http server that does only what Gatehouse's write
// grants must (docs/PERFORMANCE.md, "What stands between the write grants and 2x"), on the
// benchmark's own database: Basic client authentication against the app's secret digests (read
// once, as Gatehouse keeps them), the token or code lookup, the same four statements in one
// guarded batch, the JSON answer. No framework, no rate limits, no parameter schemas, no error
// descriptions. What it serves is the most a server built this way can do on this storage.
//   node scripts/bench/floor.mjs PORT DATABASE_URL CLIENT_ID
// On SQLite, BENCH_SQLITE_SETTINGS holds Gatehouse's settings (a JSON list of PRAGMAs).
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import Database from "better-sqlite3";
import pg from "pg";

const [port, databaseUrl, clientId] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const LIFETIMES = { accessSeconds: 7200, refreshSeconds: 30 * 86400, familySeconds: 90 * 86400 };
const sqlite = databaseUrl.startsWith("file:");

const sha256 = (value) => createHash("sha256").update(value, "utf8").digest("hex");
const secret = (prefix) => prefix + randomBytes(32).toString("base64url");
/** A record id of the shape Gatehouse writes (lib/db/sql/record-id.ts). */
const recordId = () => `c${Date.now().toString(36).padStart(9, "0").slice(-9)}${BigInt(`0x${randomBytes(10).toString("hex")}`).toString(36).padStart(15, "0").slice(-15)}`;
/** A date as Gatehouse stores it: Prisma's ISO text on SQLite, UTC digits of a timestamp on PostgreSQL. */
const stored = (date) => (sqlite ? date.toISOString().replace("Z", "+00:00") : date.toISOString().replace("Z", ""));
const read = (value) => (value instanceof Date ? value : new Date(String(value)));

// Gatehouse's statements (lib/db/token-families.ts, lib/db/codes.ts), as its writes grants run them.
const SQL = {
  client: `SELECT a."id", s."digest" FROM "Application" a JOIN "ClientSecret" s ON s."applicationId" = a."id" WHERE a."clientId" = ?`,
  refresh: `SELECT r."id", r."familyId", f."applicationId", f."scope", f."absoluteExpiresAt", f."revokedAt" AS "familyRevokedAt", r."expiresAt", r."usedAt", r."revokedAt", g."scope" AS "grantScope"
    FROM "RefreshToken" r JOIN "TokenFamily" f ON f."id" = r."familyId" JOIN "Grant" g ON g."id" = f."grantId" WHERE r."digest" = ?`,
  code: `SELECT "id", "applicationId", "userId", "grantId", "redirectUri", "scope", "codeChallenge", "expiresAt", "usedAt" FROM "AuthorizationCode" WHERE "digest" = ?`,
  useRefresh: `UPDATE "RefreshToken" SET "usedAt" = ? WHERE "id" = ? AND "usedAt" IS NULL AND "revokedAt" IS NULL AND EXISTS (SELECT 1 FROM "TokenFamily" WHERE "id" = ? AND "revokedAt" IS NULL)`,
  endAccess: `UPDATE "AccessToken" SET "revokedAt" = ? WHERE "refreshTokenId" = ? AND "revokedAt" IS NULL`,
  useCode: `UPDATE "AuthorizationCode" SET "usedAt" = ? WHERE "id" = ? AND "usedAt" IS NULL`,
  family: `INSERT INTO "TokenFamily" ("id", "applicationId", "userId", "grantId", "codeId", "scope", "absoluteExpiresAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  refreshToken: `INSERT INTO "RefreshToken" ("id", "digest", "familyId", "parentId", "expiresAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
  accessToken: `INSERT INTO "AccessToken" ("id", "digest", "familyId", "refreshTokenId", "scope", "expiresAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
};

/**
 * { rows(name, params), lookup(name, params): the first row, batch([guard, ...then]): whether the
 * guard changed one row and the rest ran }, as Gatehouse's drivers run them.
 */
function sqliteStore(file) {
  const db = new Database(file, { timeout: 0 });
  for (const setting of JSON.parse(process.env.BENCH_SQLITE_SETTINGS)) db.pragma(setting);
  const statements = Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)]));
  const guarded = ([guard, ...then]) => {
    if (statements[guard[0]].run(...guard[1]).changes !== 1) return false;
    for (const [name, params] of then) statements[name].run(...params);
    return true;
  };
  // Group commit: the batches of one event-loop turn in one BEGIN IMMEDIATE transaction.
  const commitTogether = db.transaction((pending) => pending.map(({ steps }) => guarded(steps))).immediate;
  let pending = [];
  async function commit() {
    const batch = pending;
    pending = [];
    for (let delay = 1; ; delay = Math.min(delay * 2, 25)) {
      try {
        const results = commitTogether(batch);
        batch.forEach(({ resolve }, i) => resolve(results[i]));
        return;
      } catch (error) {
        // The benchmark's server shares the file: wait for its lock as its driver would, asynchronously.
        if (!/^SQLITE_BUSY/.test(error.code ?? "")) return batch.forEach(({ reject }) => reject(error));
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
  return {
    rows: async (name, params) => statements[name].all(...params),
    lookup: async (name, params) => statements[name].get(...params),
    batch: (steps) =>
      new Promise((resolve, reject) => {
        pending.push({ steps, resolve, reject });
        if (pending.length === 1) setImmediate(commit);
      }),
  };
}

/** PostgreSQL: a pool of Gatehouse's default size, named statements, each batch BEGIN ... COMMIT on one connection. */
function postgresStore(connectionString) {
  const pool = new pg.Pool({ connectionString, max: 10 });
  pg.types.setTypeParser(1114, (v) => new Date(`${v.replace(" ", "T")}Z`));
  const named = Object.fromEntries(Object.entries(SQL).map(([name, sql], i) => [name, { name: `floor_${i}`, text: sql.replace(/\?/g, ((n) => () => `$${++n}`)(0)) }]));
  return {
    rows: async (name, values) => (await pool.query({ ...named[name], values })).rows,
    lookup: async (name, values) => (await pool.query({ ...named[name], values })).rows[0],
    async batch([guard, ...then]) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        if ((await client.query({ ...named[guard[0]], values: guard[1] })).rowCount !== 1) {
          await client.query("ROLLBACK");
          return false;
        }
        for (const [name, values] of then) await client.query({ ...named[name], values });
        await client.query("COMMIT");
        return true;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

const store = sqlite ? sqliteStore(databaseUrl.slice("file:".length)) : postgresStore(databaseUrl);
const clientRows = await store.rows("client", [clientId]);
if (clientRows.length === 0) throw new Error(`floor: no app with client id ${clientId}`);
const applicationId = clientRows[0].id;
const secretDigests = new Set(clientRows.map((row) => row.digest));

/** The new pair's writes and the answer, as lib/oauth/token-pair.ts mints them. */
function newPair(familyId, parentId, scope, familyExpiresAt, now) {
  const [access, refresh] = [secret("gat_"), secret("grt_")];
  const refreshId = recordId();
  const slides = new Date(now.getTime() + LIFETIMES.refreshSeconds * 1000);
  const at = stored(now);
  return {
    writes: [
      ["refreshToken", [refreshId, sha256(refresh), familyId, parentId, stored(slides < familyExpiresAt ? slides : familyExpiresAt), at]],
      ["accessToken", [recordId(), sha256(access), familyId, refreshId, scope, stored(new Date(now.getTime() + LIFETIMES.accessSeconds * 1000)), at]],
    ],
    answer: { access_token: access, token_type: "Bearer", expires_in: LIFETIMES.accessSeconds, refresh_token: refresh, scope },
  };
}

async function rotate(form, now) {
  const token = await store.lookup("refresh", [sha256(form.get("refresh_token") ?? "")]);
  if (!token || token.applicationId !== applicationId || token.usedAt || token.revokedAt || token.familyRevokedAt) return null;
  const familyExpiresAt = read(token.absoluteExpiresAt);
  if (familyExpiresAt <= now || read(token.expiresAt) <= now) return null;
  const pair = newPair(token.familyId, token.id, token.scope, familyExpiresAt, now);
  const steps = [["useRefresh", [stored(now), token.id, token.familyId]], ["endAccess", [stored(now), token.id]], ...pair.writes];
  return (await store.batch(steps)) ? pair.answer : null;
}

async function redeem(form, now) {
  const code = await store.lookup("code", [sha256(form.get("code") ?? "")]);
  if (!code || code.applicationId !== applicationId || code.usedAt || read(code.expiresAt) <= now || form.get("redirect_uri") !== code.redirectUri) return null;
  if (createHash("sha256").update(form.get("code_verifier") ?? "").digest("base64url") !== code.codeChallenge) return null;
  const familyId = recordId();
  const familyExpiresAt = new Date(now.getTime() + LIFETIMES.familySeconds * 1000);
  const pair = newPair(familyId, null, code.scope, familyExpiresAt, now);
  const family = [familyId, code.applicationId, code.userId, code.grantId, code.id, code.scope, stored(familyExpiresAt), stored(now)];
  return (await store.batch([["useCode", [stored(now), code.id]], ["family", family], ...pair.writes])) ? pair.answer : null;
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store", Pragma: "no-cache" });
  res.end(text);
}

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      let id, presented;
      try {
        [id, presented] = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString().split(":").map(decodeURIComponent);
      } catch {
        return send(res, 401, { error: "invalid_client" });
      }
      if (id !== clientId || !secretDigests.has(sha256(presented ?? ""))) return send(res, 401, { error: "invalid_client" });
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      const grant = { refresh_token: rotate, authorization_code: redeem }[form.get("grant_type")];
      if (req.url !== "/token" || !grant) return send(res, 400, { error: "unsupported_grant_type" });
      grant(form, new Date()).then(
        (answer) => (answer ? send(res, 200, answer) : send(res, 400, { error: "invalid_grant" })),
        (error) => send(res, 500, { error: "server_error", detail: error.message }),
      );
    });
  })
  .listen(port, "127.0.0.1", () => console.log("ready"));
