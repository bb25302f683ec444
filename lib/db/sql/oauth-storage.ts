import { clientStore } from "@/lib/db/applications";
import { codeStore } from "@/lib/db/codes";
import { grantStore, grantUsed } from "@/lib/db/grants";
import { personalKeyStore } from "@/lib/db/personal-keys";
import { apiStore } from "@/lib/db/registered-apis";
import type { SqlDriver } from "@/lib/db/sql/driver";
import { lastUsedCoalescer, type HotPath } from "@/lib/db/sql/hot-path";
import { keptUntilChangedElsewhere, oncePerTurn } from "@/lib/db/sql/kept-until-changed";
import { tokenFamilyStore } from "@/lib/db/token-families";
import { serviceTokenStore } from "@/lib/db/service-tokens";
import { userClaimStore } from "@/lib/db/users";
import { signingKeyStore } from "@/lib/db/signing-keys";
import type { OAuthStorage } from "@/lib/oauth/storage";

export { LAST_USED_MEMORY, lastUsedCoalescer } from "@/lib/db/sql/hot-path";

/**
 * The storage contracts of the protocol endpoints (clients and secrets, grants and consent
 * requests, codes, token families, APIs, personal keys, user claims) as prepared SQL on the
 * drivers, each store from its entity's module, put together here with the caches and last-used
 * writes they share. The tables are Prisma's (prisma/schema.prisma); the contract suite runs
 * every statement against the migrated schema on SQLite and PostgreSQL, and
 * lib/db/statements.test.ts checks every statement's tables and columns against it.
 */
export type HotPathStorage = OAuthStorage;

export function sqlHotPathStorage(sql: SqlDriver): HotPathStorage {
  const date = (value: Date) => sql.date(value);
  const secretUseDue = lastUsedCoalescer();
  const grantUseDue = lastUsedCoalescer();
  // Apps, APIs, their secrets and users' claims: kept until the driver's change counter moves
  // (lib/db/sql/kept-until-changed.ts); tokens, codes and families are never kept.
  const changesElsewhere = oncePerTurn(() => sql.changesElsewhere());
  const hotPath: HotPath = {
    sql,
    date,
    cached: keptUntilChangedElsewhere(changesElsewhere, 1_000),
    cachedUser: keptUntilChangedElsewhere(changesElsewhere, 10_000),
    async markUsed(used, id, at) {
      if (secretUseDue(id, at)) await sql.autocommit((tx) => used(tx, id, at));
    },
    touchGrant: (grantId, at) => (grantUseDue(grantId, at) ? [grantUsed(date, grantId, at)] : []),
  };
  return {
    clients: clientStore(hotPath),
    grants: grantStore(hotPath),
    apis: apiStore(hotPath),
    codes: codeStore(hotPath),
    tokens: tokenFamilyStore(hotPath),
    services: serviceTokenStore(hotPath),
    keys: personalKeyStore(hotPath),
    users: userClaimStore(hotPath),
    signingKeys: signingKeyStore(hotPath),
  };
}
