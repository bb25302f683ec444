import { sqlDatabase } from "@/lib/db/sql/database";
import { readDate, readOptionalDate, type Row } from "@/lib/db/sql/driver";
import type { HotPath } from "@/lib/db/sql/hot-path";
import type { SigningKeyStore, StoredSigningKey } from "@/lib/oauth/signing-keys";
import { ID_TOKEN_ALGS } from "@/lib/oauth/storage";
import { z } from "zod";

/** ID token signing keys: the only code that writes SigningKey. */

const storedAlg = z.enum(ID_TOKEN_ALGS);

const toKey = (row: Row): StoredSigningKey => ({
  kid: String(row.id),
  alg: storedAlg.parse(row.alg),
  generation: Number(row.generation),
  publicJwk: JSON.parse(String(row.publicJwk)),
  sealedPrivateJwk: String(row.sealedPrivateJwk),
  wrappingKeyId: String(row.wrappingKeyId),
  activatesAt: readDate(row.activatesAt),
  retiresAt: readOptionalDate(row.retiresAt),
  createdAt: readDate(row.createdAt),
});

/**
 * The keys, kept in memory until any key changes anywhere (a rotation on another instance or by
 * `npm run keys` reaches this one within the data layer's cache bound: at once on SQLite, by the
 * NOTIFY on PostgreSQL). Every write is a transaction(), which tells this process's caches.
 */
export function signingKeyStore({ sql, cached }: Pick<HotPath, "sql" | "cached">): SigningKeyStore {
  return {
    async listSigningKeys() {
      const keys = await cached("signing keys", async () => {
        const rows = await sql.all(
          `SELECT "id", "alg", "generation", "publicJwk", "sealedPrivateJwk", "wrappingKeyId", "activatesAt", "retiresAt", "createdAt" FROM "SigningKey" ORDER BY "createdAt", "generation"`,
          [],
        );
        return rows.map(toKey);
      });
      return keys ?? [];
    },
    insertSigningKey(key) {
      return sql.transaction(function* (tx) {
        // The unique (alg, generation) settles two instances making the same key: one row, the loser reads it.
        const inserted = yield* tx.run(
          `INSERT INTO "SigningKey" ("id", "alg", "generation", "publicJwk", "sealedPrivateJwk", "wrappingKeyId", "activatesAt", "retiresAt", "createdAt")
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("alg", "generation") DO NOTHING`,
          [key.kid, key.alg, key.generation, JSON.stringify(key.publicJwk), key.sealedPrivateJwk, key.wrappingKeyId, tx.date(key.activatesAt), null, tx.date(key.createdAt)],
        );
        if (inserted === 0) return false;
        if (key.generation > 1) {
          yield* tx.run(`UPDATE "SigningKey" SET "retiresAt" = ? WHERE "alg" = ? AND "id" <> ? AND "retiresAt" IS NULL`, [tx.date(key.activatesAt), key.alg, key.kid]);
        }
        return true;
      });
    },
    async resealSigningKeys(keys) {
      await sql.transaction(function* (tx) {
        for (const key of keys) yield* tx.run(`UPDATE "SigningKey" SET "sealedPrivateJwk" = ?, "wrappingKeyId" = ? WHERE "id" = ?`, [key.sealedPrivateJwk, key.wrappingKeyId, key.kid]);
      });
    },
  };
}

/** Forgets keys retired before `retiredBefore`: they verify no hint any more (pruning). */
export function pruneRetiredSigningKeys(retiredBefore: Date): Promise<number> {
  return sqlDatabase().transaction(function* (tx) {
    return yield* tx.run(`DELETE FROM "SigningKey" WHERE "retiresAt" IS NOT NULL AND "retiresAt" < ?`, [tx.date(retiredBefore)]);
  });
}
