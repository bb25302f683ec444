import { db } from "@/lib/db/client";
import { sqlDatabase } from "@/lib/db/sql/database";
import type { Tx, TxBody } from "@/lib/db/sql/driver";
import { deleteCodesOfApp } from "@/lib/db/codes";
import { deleteGrantsOfApp } from "@/lib/db/grants";
import { endFamilies } from "@/lib/db/token-families";
import { z } from "zod";
import type { HotPath } from "@/lib/db/sql/hot-path";
import { type Client, CLIENT_TYPES, type ClientStore } from "@/lib/oauth/storage";

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
  const rows = await db().application.findMany({
    where: { ownerId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      clientId: true,
      clientType: true,
      createdAt: true,
      _count: { select: { redirectUris: true, grants: true } },
    },
  });
  return rows.map(({ _count, ...row }) => ({ ...row, redirectUriCount: _count.redirectUris, userCount: _count.grants }));
}

const detailSelect = {
  id: true,
  clientId: true,
  ownerId: true,
  name: true,
  description: true,
  homepageUrl: true,
  privacyPolicyUrl: true,
  termsUrl: true,
  clientType: true,
  createdAt: true,
  updatedAt: true,
  redirectUris: { orderBy: { position: "asc" }, select: { uri: true } },
  secrets: { orderBy: { createdAt: "asc" }, select: { id: true, prefix: true, lastFour: true, createdAt: true, lastUsedAt: true } },
  _count: { select: { grants: true } },
} as const;

export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findOwnedApplicationRow>>>;

/** The application if it exists and belongs to ownerId; null otherwise (the two are not told apart). */
export function findOwnedApplicationRow(ownerId: string, id: string) {
  return db().application.findFirst({ where: { id, ownerId }, select: detailSelect });
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
  secret: { digest: string; prefix: string; lastFour: string } | null;
}) {
  const { redirectUris, secret, ...fields } = data;
  return db().application.create({
    data: {
      ...fields,
      redirectUris: { create: redirectUris.map((uri, position) => ({ uri, position })) },
      secrets: secret ? { create: secret } : undefined,
    },
    select: { id: true, clientId: true },
  });
}

/** Updates the fields and replaces the redirect URIs in one transaction, if ownerId owns the app. */
export async function updateOwnedApplication(
  ownerId: string,
  id: string,
  fields: { name: string; description: string | null; homepageUrl: string | null; privacyPolicyUrl: string | null; termsUrl: string | null },
  redirectUris: string[],
): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.application.updateMany({ where: { id, ownerId }, data: fields });
    if (count === 0) return false;
    await tx.redirectUri.deleteMany({ where: { applicationId: id } });
    await tx.redirectUri.createMany({ data: redirectUris.map((uri, position) => ({ applicationId: id, uri, position })) });
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
 * concurrent calls queue behind each other's transaction and cannot both pass the count.
 */
export async function insertSecretIfRoom(
  ownerId: string,
  applicationId: string,
  secret: { digest: string; prefix: string; lastFour: string },
  max: number,
): Promise<"ok" | "not_found" | "full"> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.application.updateMany({ where: { id: applicationId, ownerId }, data: { updatedAt: new Date() } });
    if (count === 0) return "not_found";
    if ((await tx.clientSecret.count({ where: { applicationId } })) >= max) return "full";
    await tx.clientSecret.create({ data: { applicationId, ...secret } });
    return "ok";
  });
}

export async function deleteOwnedSecret(ownerId: string, applicationId: string, secretId: string): Promise<boolean> {
  const { count } = await db().clientSecret.deleteMany({ where: { id: secretId, applicationId, application: { ownerId } } });
  return count === 1;
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
export function findCodeByDigest(codeDigest: string) {
  return db().authorizationCode.findUnique({
    where: { digest: codeDigest },
    select: { expiresAt: true, usedAt: true, application: { select: { id: true, ownerId: true } } },
  });
}

/** Appends a redirect URI in the next free position, if ownerId owns the app and a slot is free. Returns its 1-based slot. */
export async function appendRedirectUri(ownerId: string, id: string, uri: string, max: number): Promise<"not_found" | "full" | number> {
  return db().$transaction(async (tx) => {
    const app = await tx.application.findFirst({ where: { id, ownerId }, select: { redirectUris: { select: { uri: true, position: true } } } });
    if (!app) return "not_found";
    const existing = app.redirectUris.find((r) => r.uri === uri);
    if (existing) return existing.position + 1;
    if (app.redirectUris.length >= max) return "full";
    const position = Math.max(-1, ...app.redirectUris.map((r) => r.position)) + 1;
    await tx.redirectUri.create({ data: { applicationId: id, uri, position } });
    await tx.application.update({ where: { id }, data: { updatedAt: new Date() } });
    return position + 1;
  });
}

/** Whether the secret with this digest is still one of the app's (not revoked since it was shown). */
export async function hasClientSecret(applicationId: string, secretDigest: string): Promise<boolean> {
  return (await db().clientSecret.count({ where: { applicationId, digest: secretDigest } })) === 1;
}

/** Records when a client secret was last used (the hot path writes it at most once a minute). */
export function* clientSecretUsed(tx: Tx, id: string, at: Date): TxBody<void> {
  yield* tx.run(`UPDATE "ClientSecret" SET "lastUsedAt" = ? WHERE "id" = ?`, [tx.date(at), id]);
}

const storedClientType = z.enum(CLIENT_TYPES);
const storedList = z.array(z.string());

/** The app, its owner's name and its redirect URIs in order (a JSON array), in one statement. */
function clientSql(dialect: "sqlite" | "postgres"): string {
  const uris =
    dialect === "sqlite"
      ? `(SELECT json_group_array("uri") FROM (SELECT "uri" FROM "RedirectUri" WHERE "applicationId" = a."id" ORDER BY "position"))`
      : `(SELECT coalesce(json_agg("uri" ORDER BY "position"), '[]'::json)::text FROM "RedirectUri" WHERE "applicationId" = a."id")`;
  const approved =
    dialect === "sqlite"
      ? `(SELECT json_group_array("scope") FROM (SELECT "scope" FROM "ScopeApproval" WHERE "applicationId" = a."id" AND "status" = 'approved' ORDER BY "scope"))`
      : `(SELECT coalesce(json_agg("scope" ORDER BY "scope"), '[]'::json)::text FROM "ScopeApproval" WHERE "applicationId" = a."id" AND "status" = 'approved')`;
  return `SELECT a."id", a."clientId", a."name", a."description", a."clientType", a."homepageUrl", a."privacyPolicyUrl", a."termsUrl", o."name" AS "ownerName",
      ${uris} AS "redirectUris", ${approved} AS "approvedScopes"
    FROM "Application" a JOIN "User" o ON o."id" = a."ownerId"`;
}

/** Apps as the protocol endpoints find them (kept until they change), their secrets' digests, and the secrets' use. */
export function clientStore({ sql, cached, markUsed }: HotPath): ClientStore {
  const clientBy = { clientId: `${clientSql(sql.dialect)} WHERE a."clientId" = ?`, id: `${clientSql(sql.dialect)} WHERE a."id" = ?` };

  async function findClientWhere(column: keyof typeof clientBy, value: string): Promise<Client | null> {
    const [app] = await sql.all(clientBy[column], [value]);
    if (!app) return null;
    return {
      id: String(app.id),
      clientId: String(app.clientId),
      name: String(app.name),
      description: (app.description as string | null) ?? null,
      clientType: storedClientType.parse(app.clientType),
      redirectUris: storedList.parse(JSON.parse(String(app.redirectUris))),
      homepageUrl: (app.homepageUrl as string | null) ?? null,
      privacyPolicyUrl: (app.privacyPolicyUrl as string | null) ?? null,
      termsUrl: (app.termsUrl as string | null) ?? null,
      ownerName: String(app.ownerName),
      approvedScopes: storedList.parse(JSON.parse(String(app.approvedScopes))),
    };
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
