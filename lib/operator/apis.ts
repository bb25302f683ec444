import type { SessionUser } from "@/lib/auth/session";
import { isUniqueViolation } from "@/lib/db/errors";
import { findOwnOperatorAction, insertOperatorAction, listOperatorActions, type OperatorActionEntry } from "@/lib/db/operators";
import {
  deleteApiSecret,
  findApiRow,
  hasApiSecret,
  insertApi,
  insertApiScope,
  insertApiSecretIfRoom,
  listApis,
  measureScopeRemoval,
  removeScopes,
  updateScopeRestricted,
  type ApiRow,
  type ApiSummary,
  type ScopeRemovalImpact,
} from "@/lib/db/registered-apis";
import { fieldErrorsOf, type FormResult } from "@/lib/form-result";
import { newSecretFor } from "@/lib/once-shown-secret";
import { recordIdSchema } from "@/lib/apps/schemas";
import { digest, generateApiId, generateSecret, secretHint } from "@/lib/oauth/secrets";
import { freshScopeCatalogue } from "@/lib/scope-catalogue";
import { describeRemoval } from "@/lib/operator/removal-impact";
import { apiFieldsSchema, apiScopeSchema } from "@/lib/operator/schemas";

/**
 * The operator console's rules for registered APIs (OAuth resource servers). Every function
 * takes the signed-in operator (lib/auth/session.ts requireOperator) and records what it did.
 */
export const MAX_API_SECRETS = 2;

export type { ApiRow, ApiSummary, OperatorActionEntry, ScopeRemovalImpact };

export class ApiNotFoundError extends Error {
  override name = "ApiNotFoundError";
  constructor() {
    super("API not found");
  }
}

/** Records what the operator did in the audit trail; returns the entry's id. */
function record(operator: SessionUser, action: string, subject: string, detail?: string): Promise<string> {
  return insertOperatorAction({ operatorId: operator.id, actorEmail: operator.email, action, subject, detail });
}

export function listRegisteredApis(): Promise<ApiSummary[]> {
  return listApis();
}

export async function getApi(id: unknown): Promise<ApiRow> {
  const parsed = recordIdSchema.safeParse(id);
  const api = parsed.success ? await findApiRow(parsed.data) : null;
  if (!api) throw new ApiNotFoundError();
  return api;
}

/** Registers an API with its first introspection secret, returned here and never again. */
export async function registerApi(operator: SessionUser, input: unknown): Promise<FormResult<{ id: string; apiId: string; apiSecret: string }>> {
  const parsed = apiFieldsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const apiSecret = generateSecret("apiSecret");
  try {
    const api = await insertApi({ ...parsed.data, apiId: generateApiId(), secret: { digest: digest(apiSecret), ...secretHint(apiSecret) } });
    await record(operator, "api.register", parsed.data.identifier, parsed.data.name);
    return { ok: true, id: api.id, apiId: api.apiId, apiSecret };
  } catch (error) {
    if (isUniqueViolation(error, "identifier")) {
      return { ok: false, fieldErrors: { identifier: "Another registered API has this identifier: each API's identifier (its audience) is unique" } };
    }
    throw error;
  }
}

/** Adds a scope to an API; its name must be new to the whole catalogue. Seen by every instance within a second. */
export async function addApiScope(operator: SessionUser, id: unknown, input: unknown): Promise<FormResult> {
  const api = await getApi(id);
  const parsed = apiScopeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const taken = (await freshScopeCatalogue()).find((s) => s.name === parsed.data.name);
  const takenMessage = (owner: string) => ({ ok: false as const, fieldErrors: { name: `The scope ${parsed.data.name} already exists (${owner}): choose another name` } });
  if (taken) return takenMessage(taken.api ? `it belongs to ${taken.api}` : "built in or from the scope file");
  try {
    if (!(await insertApiScope(api.id, parsed.data, new Date()))) throw new ApiNotFoundError();
  } catch (error) {
    if (isUniqueViolation(error, "name")) return takenMessage("another API registered it");
    throw error;
  }
  // This instance sees it at once; the others within a second (the catalogue version row).
  await freshScopeCatalogue();
  await record(operator, "scope.add", parsed.data.name, `${api.identifier}${parsed.data.restricted ? ", restricted" : ""}${parsed.data.personalData ? ", personal data" : ""}`);
  return { ok: true };
}

/**
 * Marks a scope restricted (from now on no app is approved for it until an operator approves;
 * grants made before stay) or open to every app again.
 */
export async function setScopeRestricted(operator: SessionUser, id: unknown, scopeId: unknown, restricted: boolean): Promise<void> {
  const api = await getApi(id);
  const scope = api.scopes.find((s) => s.id === scopeId);
  if (!scope || !(await updateScopeRestricted(api.id, scope.id, restricted))) throw new ApiNotFoundError();
  await freshScopeCatalogue();
  await record(operator, restricted ? "scope.restrict" : "scope.unrestrict", scope.name, api.identifier);
}

/** How many users removing the API (or one scope of it) touches, for the confirmation. */
export async function removalImpact(id: unknown, scopeId?: unknown): Promise<ScopeRemovalImpact> {
  const api = await getApi(id);
  const names = scopeId === undefined ? api.scopes.map((s) => s.name) : api.scopes.filter((s) => s.id === scopeId).map((s) => s.name);
  if (scopeId !== undefined && names.length === 0) throw new ApiNotFoundError();
  return measureScopeRemoval(names);
}

/** On success, `entryId` is the audit entry that says what was deleted (findApiDeletion). */
export type RemovalResult = { ok: true; impact: ScopeRemovalImpact; entryId: string } | { ok: false; error: string };

/**
 * Deletes one scope: it leaves the catalogue and every stored grant, token and key; live tokens
 * that carried nothing else end now (the console confirms with the number of users affected first).
 */
export async function deleteApiScope(operator: SessionUser, id: unknown, scopeId: unknown): Promise<ScopeRemovalImpact> {
  const api = await getApi(id);
  const scope = api.scopes.find((s) => s.id === scopeId);
  if (!scope) throw new ApiNotFoundError();
  const impact = await removeScopes({ apiId: api.id, scopeId: scope.id }, new Date());
  if (!impact) throw new ApiNotFoundError();
  await freshScopeCatalogue();
  await record(operator, "scope.delete", scope.name, `${api.identifier}; ${describeRemoval(impact)}`);
  return impact;
}

/** Deletes the API, its secrets and its scopes (as deleteApiScope does for each). Confirmed by typing its identifier. */
export async function deleteApi(operator: SessionUser, id: unknown, confirmation: unknown): Promise<RemovalResult> {
  const api = await getApi(id);
  if (typeof confirmation !== "string" || confirmation.trim() !== api.identifier) return { ok: false, error: `Type the API's identifier, ${api.identifier}, to confirm` };
  const impact = await removeScopes({ apiId: api.id }, new Date());
  if (!impact) throw new ApiNotFoundError();
  await freshScopeCatalogue();
  const entryId = await record(operator, "api.delete", api.identifier, `${api.name}; ${describeRemoval(impact)}`);
  return { ok: true, impact, entryId };
}

/**
 * What the console says after an API was deleted, read from the operator's own audit entry: the
 * link to the console carries only the entry's id, so no text in a link is shown as Gatehouse's.
 * Null for anything else (another operator's entry, another action, not an id).
 */
export async function findApiDeletion(operator: SessionUser, entryId: unknown): Promise<{ identifier: string; detail: string | null } | null> {
  const parsed = recordIdSchema.safeParse(entryId);
  const entry = parsed.success ? await findOwnOperatorAction(operator.id, parsed.data, "api.delete") : null;
  return entry && { identifier: entry.subject, detail: entry.detail };
}

export type NewApiSecretResult = { ok: true; apiSecret: string } | { ok: false; error: string };

/** A second secret for rotation, shown once; the first keeps working until it is revoked. */
export async function createApiSecret(operator: SessionUser, id: unknown): Promise<NewApiSecretResult> {
  const api = await getApi(id);
  const apiSecret = generateSecret("apiSecret");
  const outcome = await insertApiSecretIfRoom(api.id, { digest: digest(apiSecret), ...secretHint(apiSecret) }, MAX_API_SECRETS);
  if (outcome === "not_found") throw new ApiNotFoundError();
  if (outcome === "full") return { ok: false, error: `An API can have at most ${MAX_API_SECRETS} secrets: revoke the old one first` };
  await record(operator, "api.secret.create", api.identifier);
  return { ok: true, apiSecret };
}

export async function revokeApiSecret(operator: SessionUser, id: unknown, secretId: unknown): Promise<void> {
  const api = await getApi(id);
  const parsed = recordIdSchema.safeParse(secretId);
  if (!parsed.success || !(await deleteApiSecret(api.id, parsed.data))) throw new ApiNotFoundError();
  await record(operator, "api.secret.revoke", api.identifier);
}

/** A registered API's page in the console, where a new API secret is shown until the operator confirms storing it. */
export function apiPage(id: string): string {
  return `/operator/apis/${id}`;
}

/** The new API secret to show on the API's page: held for this operator, and still one of the API's. */
export function newApiSecretToShow(operator: SessionUser, apiId: string): Promise<string | null> {
  return newSecretFor(apiPage(apiId), operator.id, (secretDigest) => hasApiSecret(apiId, secretDigest));
}

/** The operators' most recent actions, newest first: the console's activity log. */
export function recentActivity(limit: number): Promise<OperatorActionEntry[]> {
  return listOperatorActions(limit);
}
