import { sqlDatabase } from "@/lib/db/sql/database";
import { readDate, readOptionalDate, readOptionalText, type Row, type Tx, type TxBody } from "@/lib/db/sql/driver";
import { newRecordId } from "@/lib/db/sql/record-id";
import { deleteCodesOfApp } from "@/lib/db/codes";
import { deleteGrantsOfApp } from "@/lib/db/grants";
import { endFamilies } from "@/lib/db/token-families";
import { z } from "zod";
import { parseGrantTypes } from "@/lib/oauth/grant-types";
import type { HotPath } from "@/lib/db/sql/hot-path";
import { type Client, CLIENT_TYPES, type ClientStore, DEFAULT_ID_TOKEN_ALG, ID_TOKEN_ALGS, type IdTokenAlg } from "@/lib/oauth/storage";

/** Queries behind the developer dashboard. Every one that takes an ownerId filters by it. */

export type ApplicationSummary = {
  id: string;
  name: string;
  clientId: string;
  clientType: string;
  redirectUriCount: number;
  userCount: number;
  createdAt: Date;
};

export async function listApplicationsOf(ownerId: string): Promise<ApplicationSummary[]> {
  const rows = await sqlDatabase().all(
    `SELECT a."id", a."name", a."clientId", a."clientType", a."createdAt",
       (SELECT COUNT(*) FROM "RedirectUri" r WHERE r."applicationId" = a."id") AS "redirectUriCount",
       (SELECT COUNT(*) FROM "Grant" g WHERE g."applicationId" = a."id") AS "userCount"
     FROM "Application" a WHERE a."ownerId" = ? ORDER BY a."createdAt" DESC, a."id" DESC`,
    [ownerId],
  );
  return rows.map((row) => ({
    id: String(row.id),
    name: String(row.name),
    clientId: String(row.clientId),
    clientType: String(row.clientType),
    redirectUriCount: Number(row.redirectUriCount),
    userCount: Number(row.userCount),
    createdAt: readDate(row.createdAt),
  }));
}

export type SecretSummary = { id: string; prefix: string; lastFour: string; createdAt: Date; lastUsedAt: Date | null };

export type ApplicationRow = {
  id: string;
  clientId: string;
  ownerId: string;
  name: string;
  description: string | null;
  homepageUrl: string | null;
  privacyPolicyUrl: string | null;
  termsUrl: string | null;
  clientType: string;
  idTokenAlg: string;
  createdAt: Date;
  updatedAt: Date;
  /** In order. */
  redirectUris: { uri: string }[];
  /** In order. */
  postLogoutRedirectUris: { uri: string }[];
  /** Oldest first. */
  secrets: SecretSummary[];
  _count: { grants: number };
};

export const toSecretSummary = (row: Row): SecretSummary => ({
  id: String(row.id),
  prefix: String(row.prefix),
  lastFour: String(row.lastFour),
  createdAt: readDate(row.createdAt),
  lastUsedAt: readOptionalDate(row.lastUsedAt),
});

/** The application if it exists and belongs to ownerId; null otherwise (the two are not told apart). One snapshot. */
export function findOwnedApplicationRow(ownerId: string, id: string): Promise<ApplicationRow | null> {
  return sqlDatabase().transaction(
    function* (tx) {
      const [app] = yield* tx.all(
        `SELECT "id", "clientId", "ownerId", "name", "description", "homepageUrl", "privacyPolicyUrl", "termsUrl", "clientType", "idTokenAlg", "createdAt", "updatedAt",
           (SELECT COUNT(*) FROM "Grant" g WHERE g."applicationId" = "Application"."id") AS "grantCount"
         FROM "Application" WHERE "id" = ? AND "ownerId" = ?`,
        [id, ownerId],
      );
      if (!app) return null;
      const uris = yield* tx.all(`SELECT "uri" FROM "RedirectUri" WHERE "applicationId" = ? ORDER BY "position"`, [id]);
      const logoutUris = yield* tx.all(`SELECT "uri" FROM "PostLogoutRedirectUri" WHERE "applicationId" = ? ORDER BY "position"`, [id]);
      const secrets = yield* tx.all(`SELECT "id", "prefix", "lastFour", "createdAt", "lastUsedAt" FROM "ClientSecret" WHERE "applicationId" = ? ORDER BY "createdAt", "id"`, [id]);
      return {
        id: String(app.id),
        clientId: String(app.clientId),
        ownerId: String(app.ownerId),
        name: String(app.name),
        description: readOptionalText(app.description),
        homepageUrl: readOptionalText(app.homepageUrl),
        privacyPolicyUrl: readOptionalText(app.privacyPolicyUrl),
        termsUrl: readOptionalText(app.termsUrl),
        clientType: String(app.clientType),
        idTokenAlg: String(app.idTokenAlg),
        createdAt: readDate(app.createdAt),
        updatedAt: readDate(app.updatedAt),
        redirectUris: uris.map((r) => ({ uri: String(r.uri) })),
        postLogoutRedirectUris: logoutUris.map((r) => ({ uri: String(r.uri) })),
        secrets: secrets.map(toSecretSummary),
        _count: { grants: Number(app.grantCount) },
      };
    },
    { readOnly: true },
  );
}

/** A secret as stored: its digest and the hint shown on the dashboard (lib/oauth/secrets.ts secretHint). */
export type NewSecret = { digest: string; prefix: string; lastFour: string };

function* insertClientSecret(tx: Tx, applicationId: string, secret: NewSecret, at: Date): TxBody<void> {
  yield* tx.run(`INSERT INTO "ClientSecret" ("id", "applicationId", "digest", "prefix", "lastFour", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`, [
    newRecordId(),
    applicationId,
    secret.digest,
    secret.prefix,
    secret.lastFour,
    tx.date(at),
  ]);
}

function* insertRedirectUris(tx: Tx, applicationId: string, uris: readonly string[], firstPosition = 0): TxBody<void> {
  for (const [i, uri] of uris.entries()) {
    yield* tx.run(`INSERT INTO "RedirectUri" ("id", "applicationId", "uri", "position") VALUES (?, ?, ?, ?)`, [newRecordId(), applicationId, uri, firstPosition + i]);
  }
}

function* insertPostLogoutRedirectUris(tx: Tx, applicationId: string, uris: readonly string[]): TxBody<void> {
  for (const [i, uri] of uris.entries()) {
    yield* tx.run(`INSERT INTO "PostLogoutRedirectUri" ("id", "applicationId", "uri", "position") VALUES (?, ?, ?, ?)`, [newRecordId(), applicationId, uri, i]);
  }
}

/** Stamps the app changed, if ownerId owns it: in a transaction that counts its secrets or URIs, concurrent ones queue behind it. */
function* touchOwnedApplication(tx: Tx, ownerId: string, id: string, at: Date): TxBody<boolean> {
  return (yield* tx.run(`UPDATE "Application" SET "updatedAt" = ? WHERE "id" = ? AND "ownerId" = ?`, [tx.date(at), id, ownerId])) === 1;
}

export function insertApplication(data: {
  ownerId: string;
  clientId: string;
  name: string;
  description: string | null;
  homepageUrl: string | null;
  privacyPolicyUrl: string | null;
  termsUrl: string | null;
  clientType: string;
  redirectUris: string[];
  /** RS256 unless given. */
  idTokenAlg?: IdTokenAlg;
  /** None unless given. */
  postLogoutRedirectUris?: string[];
  secret: NewSecret | null;
}): Promise<{ id: string; clientId: string }> {
  const id = newRecordId();
  return sqlDatabase().transaction(function* (tx) {
    const now = new Date();
    yield* tx.run(
      `INSERT INTO "Application" ("id", "clientId", "ownerId", "name", "description", "homepageUrl", "privacyPolicyUrl", "termsUrl", "clientType", "idTokenAlg", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        data.clientId,
        data.ownerId,
        data.name,
        data.description,
        data.homepageUrl,
        data.privacyPolicyUrl,
        data.termsUrl,
        data.clientType,
        data.idTokenAlg ?? DEFAULT_ID_TOKEN_ALG,
        tx.date(now),
        tx.date(now),
      ],
    );
    yield* insertRedirectUris(tx, id, data.redirectUris);
    yield* insertPostLogoutRedirectUris(tx, id, data.postLogoutRedirectUris ?? []);
    if (data.secret) yield* insertClientSecret(tx, id, data.secret, now);
    return { id, clientId: data.clientId };
  });
}

/** Updates the fields and replaces the redirect URIs in one transaction, if ownerId owns the app. */
export function updateOwnedApplication(
  ownerId: string,
  id: string,
  fields: { name: string; description: string | null; homepageUrl: string | null; privacyPolicyUrl: string | null; termsUrl: string | null },
  redirectUris: string[],
): Promise<boolean> {
  return sqlDatabase().transaction(function* (tx) {
    const changed = yield* tx.run(
      `UPDATE "Application" SET "name" = ?, "description" = ?, "homepageUrl" = ?, "privacyPolicyUrl" = ?, "termsUrl" = ?, "updatedAt" = ? WHERE "id" = ? AND "ownerId" = ?`,
      [fields.name, fields.description, fields.homepageUrl, fields.privacyPolicyUrl, fields.termsUrl, tx.date(new Date()), id, ownerId],
    );
    if (changed === 0) return false;
    yield* tx.run(`DELETE FROM "RedirectUri" WHERE "applicationId" = ?`, [id]);
    yield* insertRedirectUris(tx, id, redirectUris);
    return true;
  });
}

/** Sets the ID token algorithm and replaces the post-logout redirect URIs in one transaction, if ownerId owns the app. */
export function updateOwnedOpenIdSettings(ownerId: string, id: string, settings: { idTokenAlg: IdTokenAlg; postLogoutRedirectUris: string[] }): Promise<boolean> {
  return sqlDatabase().transaction(function* (tx) {
    const changed = yield* tx.run(`UPDATE "Application" SET "idTokenAlg" = ?, "updatedAt" = ? WHERE "id" = ? AND "ownerId" = ?`, [
      settings.idTokenAlg,
      tx.date(new Date()),
      id,
      ownerId,
    ]);
    if (changed === 0) return false;
    yield* tx.run(`DELETE FROM "PostLogoutRedirectUri" WHERE "applicationId" = ?`, [id]);
    yield* insertPostLogoutRedirectUris(tx, id, settings.postLogoutRedirectUris);
    return true;
  });
}

/** Deletes the app with everything of it (cascade); its token families end first, as every ended family does. */
export function deleteOwnedApplication(ownerId: string, id: string, now = new Date()): Promise<boolean> {
  return sqlDatabase().transaction(function* (tx) {
    const [app] = yield* tx.all(`SELECT "id" FROM "Application" WHERE "id" = ? AND "ownerId" = ?`, [id, ownerId]);
    if (!app) return false;
    yield* endFamilies(tx, { applicationId: id }, now);
    yield* tx.run(`DELETE FROM "Application" WHERE "id" = ?`, [id]);
    return true;
  });
}

/**
 * Adds a secret unless the app already has `max`. The app row is written first so that
 * concurrent calls queue behind each other's transaction (PostgreSQL: its row lock, held to the
 * commit) and cannot both pass the count.
 */
export function insertSecretIfRoom(ownerId: string, applicationId: string, secret: NewSecret, max: number): Promise<"ok" | "not_found" | "full"> {
  return sqlDatabase().transaction(function* (tx) {
    const now = new Date();
    if (!(yield* touchOwnedApplication(tx, ownerId, applicationId, now))) return "not_found";
    const [{ n }] = (yield* tx.all(`SELECT COUNT(*) AS "n" FROM "ClientSecret" WHERE "applicationId" = ?`, [applicationId])) as [{ n: unknown }];
    if (Number(n) >= max) return "full";
    yield* insertClientSecret(tx, applicationId, secret, now);
    return "ok";
  });
}

export function deleteOwnedSecret(ownerId: string, applicationId: string, secretId: string): Promise<boolean> {
  return sqlDatabase().transaction(function* (tx) {
    const deleted = yield* tx.run(
      `DELETE FROM "ClientSecret" WHERE "id" = ? AND "applicationId" = ? AND EXISTS (SELECT 1 FROM "Application" a WHERE a."id" = ? AND a."ownerId" = ?)`,
      [secretId, applicationId, applicationId, ownerId],
    );
    return deleted === 1;
  });
}

/**
 * Ends every user's access to the application: grants (and with them codes, token families
 * and tokens, by cascade) and pending consent requests. Returns how many users had access.
 */
export function deleteAllGrantsOf(applicationId: string, now = new Date()): Promise<number> {
  return sqlDatabase().transaction(function* (tx) {
    yield* endFamilies(tx, { applicationId }, now);
    const grants = yield* deleteGrantsOfApp(tx, applicationId);
    yield* deleteCodesOfApp(tx, applicationId);
    return grants;
  });
}

/** An authorization code's app (and its owner) and state of use, by the code's digest: for the test callback page. */
export async function findCodeByDigest(codeDigest: string): Promise<{ expiresAt: Date; usedAt: Date | null; application: { id: string; ownerId: string } } | null> {
  const [row] = await sqlDatabase().all(
    `SELECT c."expiresAt", c."usedAt", a."id", a."ownerId" FROM "AuthorizationCode" c JOIN "Application" a ON a."id" = c."applicationId" WHERE c."digest" = ?`,
    [codeDigest],
  );
  return row ? { expiresAt: readDate(row.expiresAt), usedAt: readOptionalDate(row.usedAt), application: { id: String(row.id), ownerId: String(row.ownerId) } } : null;
}

/** Appends a redirect URI in the next free position, if ownerId owns the app and a slot is free. Returns its 1-based slot. */
export function appendRedirectUri(ownerId: string, id: string, uri: string, max: number): Promise<"not_found" | "full" | number> {
  return sqlDatabase().transaction(function* (tx) {
    // The app row first: concurrent appends queue behind it, so they cannot take one slot twice.
    if (!(yield* touchOwnedApplication(tx, ownerId, id, new Date()))) return "not_found";
    const uris = yield* tx.all(`SELECT "uri", "position" FROM "RedirectUri" WHERE "applicationId" = ?`, [id]);
    const existing = uris.find((r) => r.uri === uri);
    if (existing) return Number(existing.position) + 1;
    if (uris.length >= max) return "full";
    const position = Math.max(-1, ...uris.map((r) => Number(r.position))) + 1;
    yield* insertRedirectUris(tx, id, [uri], position);
    return position + 1;
  });
}

/** Whether the secret with this digest is still one of the app's (not revoked since it was shown). */
export async function hasClientSecret(applicationId: string, secretDigest: string): Promise<boolean> {
  return (await sqlDatabase().all(`SELECT 1 AS "found" FROM "ClientSecret" WHERE "applicationId" = ? AND "digest" = ?`, [applicationId, secretDigest])).length === 1;
}

/** Records when a client secret was last used (the hot path writes it at most once a minute). */
export function* clientSecretUsed(tx: Tx, id: string, at: Date): TxBody<void> {
  yield* tx.run(`UPDATE "ClientSecret" SET "lastUsedAt" = ? WHERE "id" = ?`, [tx.date(at), id]);
}

const storedClientType = z.enum(CLIENT_TYPES);
const storedIdTokenAlg = z.enum(ID_TOKEN_ALGS);

const CLIENT_SQL = `SELECT a."id", a."clientId", a."name", a."description", a."clientType", a."idTokenAlg", a."grantTypes", a."homepageUrl", a."privacyPolicyUrl", a."termsUrl", o."name" AS "ownerName"
  FROM "Application" a JOIN "User" o ON o."id" = a."ownerId"`;
const CLIENT_BY = { clientId: `${CLIENT_SQL} WHERE a."clientId" = ?`, id: `${CLIENT_SQL} WHERE a."id" = ?` };

/** Apps as the protocol endpoints find them (kept until they change), their secrets' digests, and the secrets' use. */
export function clientStore({ sql, cached, markUsed }: HotPath): ClientStore {
  /** The app with its owner's name, its redirect URIs in order and its approved scopes, from one snapshot. */
  function findClientWhere(column: keyof typeof CLIENT_BY, value: string): Promise<Client | null> {
    return sql.transaction(
      function* (tx) {
        const [app] = yield* tx.all(CLIENT_BY[column], [value]);
        if (!app) return null;
        const uris = yield* tx.all<{ uri: string }>(`SELECT "uri" FROM "RedirectUri" WHERE "applicationId" = ? ORDER BY "position"`, [app.id]);
        const logoutUris = yield* tx.all<{ uri: string }>(`SELECT "uri" FROM "PostLogoutRedirectUri" WHERE "applicationId" = ? ORDER BY "position"`, [app.id]);
        const approved = yield* tx.all<{ scope: string }>(`SELECT "scope" FROM "ScopeApproval" WHERE "applicationId" = ? AND "status" = 'approved' ORDER BY "scope"`, [app.id]);
        const service = yield* tx.all<{ scope: string }>(`SELECT "scope" FROM "ServiceAccessApproval" WHERE "applicationId" = ? AND "status" = 'approved' ORDER BY "scope"`, [app.id]);
        return {
          id: String(app.id),
          clientId: String(app.clientId),
          name: String(app.name),
          description: readOptionalText(app.description),
          clientType: storedClientType.parse(app.clientType),
          redirectUris: uris.map((r) => String(r.uri)),
          homepageUrl: readOptionalText(app.homepageUrl),
          privacyPolicyUrl: readOptionalText(app.privacyPolicyUrl),
          termsUrl: readOptionalText(app.termsUrl),
          ownerName: String(app.ownerName),
          approvedScopes: approved.map((r) => String(r.scope)),
          idTokenAlg: storedIdTokenAlg.parse(app.idTokenAlg),
          postLogoutRedirectUris: logoutUris.map((r) => String(r.uri)),
          grantTypes: parseGrantTypes(String(app.grantTypes)),
          serviceScopes: service.map((r) => String(r.scope)),
        };
      },
      { readOnly: true },
    );
  }

  return {
    findClient: (clientId) => cached(`client ${clientId}`, () => findClientWhere("clientId", clientId)),
    findClientByApplicationId: (id) => cached(`application ${id}`, () => findClientWhere("id", id)),
    async findSecretDigests(applicationId) {
      const secrets = await cached(`client secrets ${applicationId}`, async () => {
        const rows = await sql.all<{ id: string; digest: string }>(`SELECT "id", "digest" FROM "ClientSecret" WHERE "applicationId" = ?`, [applicationId]);
        return rows.map(({ id, digest }) => ({ id, digest }));
      });
      return secrets ?? [];
    },
    markSecretUsed: (secretId, at) => markUsed(clientSecretUsed, secretId, at),
  };
}
