import type { SessionUser } from "@/lib/auth/session";
import { isUniqueViolation } from "@/lib/db/errors";
import { findOwnOperatorAction, insertOperatorAction, listOperatorActions, type OperatorActionEntry } from "@/lib/db/operators";
import {
  bumpCatalogueVersion,
  deleteApi as deleteApiRow,
  deleteApiScope as deleteApiScopeRow,
  deleteApiSecret,
  findApiRow,
  findApiScopes,
  hasApiSecret,
  insertApi,
  insertApiScope,
  insertApiSecretIfRoom,
  listApis,
  updateScopeRestricted,
  type ApiRow,
  type ApiSummary,
} from "@/lib/db/registered-apis";
import { deleteApprovalsOfScopes } from "@/lib/db/scope-approvals";
import { findScopeCarriers, writeScopeWithdrawal } from "@/lib/db/scope-withdrawal";
import { sqlDatabase } from "@/lib/db/sql/database";
import { fieldErrorsOf, type FormResult } from "@/lib/form-result";
import { newSecretFor } from "@/lib/once-shown-secret";
import { recordIdSchema } from "@/lib/apps/schemas";
import { digest, generateApiId, generateSecret, secretHint } from "@/lib/oauth/secrets";
import { normalizeResourceUri } from "@/lib/oauth/resource-indicators";
import { freshScopeCatalogue } from "@/lib/scope-catalogue";
import { describeRemoval } from "@/lib/operator/removal-impact";
import { planWithdrawal, WITHDRAWAL_ISOLATION, type WithdrawalImpact } from "@/lib/operator/scope-withdrawal";
import { apiFieldsSchema, apiScopeSchema } from "@/lib/operator/schemas";

/**
 * The operator console's rules for registered APIs (OAuth resource servers). Every function
 * takes the signed-in operator (lib/auth/session.ts requireOperator) and records what it did.
 */
export const MAX_API_SECRETS = 2;

export type ScopeRemovalImpact = WithdrawalImpact;
export type { ApiRow, ApiSummary, OperatorActionEntry };

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
    if (!(await addScopeToApi(api.id, parsed.data, new Date()))) throw new ApiNotFoundError();
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
  if (names.length === 0) return { usersAffected: 0, authorizationsEnded: 0, authorizationsNarrowed: 0 };
  const now = new Date();
  const carriers = await sqlDatabase().transaction((tx) => findScopeCarriers(tx, new Set(names), now), { readOnly: true });
  return planWithdrawal(carriers, "narrow").impact;
}

/**
 * Adds a scope, in one transaction with clearing its name from everything stored. The name is new
 * to the catalogue, so whatever still carries it is left over from a scope of that name that is
 * gone (deleted while a token was being issued, or dropped from GATEHOUSE_SCOPES_FILE): the new
 * scope must not grant through it, nor count an approval given for the old one. False when the
 * API is gone.
 */
function addScopeToApi(apiId: string, scope: { name: string; description: string; personalData: boolean; restricted: boolean }, now: Date): Promise<boolean> {
  return sqlDatabase().transaction(function* (tx) {
    if ((yield* findApiScopes(tx, apiId)) === null) return false;
    const names = new Set([scope.name]);
    yield* writeScopeWithdrawal(tx, planWithdrawal(yield* findScopeCarriers(tx, names, now), "narrow"), now);
    yield* deleteApprovalsOfScopes(tx, [scope.name]);
    yield* insertApiScope(tx, apiId, scope, now);
    yield* bumpCatalogueVersion(tx);
    return true;
  }, WITHDRAWAL_ISOLATION);
}

/**
 * Removes scopes from the catalogue's registered part, in one transaction: the scope rows (or the
 * whole API, with its secrets), the approvals given for them, and the names from every grant,
 * open consent request, unused code, live token family, access token and personal key. Families,
 * tokens and keys that carry other scopes keep those; those left with nothing else end at once.
 * Null when the API (or the scope) is gone.
 */
function removeScopes(target: { apiId: string; scopeId?: string }, now: Date): Promise<ScopeRemovalImpact | null> {
  return sqlDatabase().transaction(function* (tx) {
    const scopes = yield* findApiScopes(tx, target.apiId);
    if (scopes === null) return null;
    const removed = target.scopeId ? scopes.filter((s) => s.id === target.scopeId) : scopes;
    if (target.scopeId && removed.length === 0) return null;
    const names = new Set(removed.map((s) => s.name));
    const plan = planWithdrawal(yield* findScopeCarriers(tx, names, now), "narrow");
    yield* writeScopeWithdrawal(tx, plan, now);
    yield* deleteApprovalsOfScopes(tx, [...names]);
    if (target.scopeId) yield* deleteApiScopeRow(tx, target.scopeId);
    else yield* deleteApiRow(tx, target.apiId);
    yield* bumpCatalogueVersion(tx);
    return plan.impact;
  }, WITHDRAWAL_ISOLATION);
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
  // Typed as registered or in another spelling of it (https://Api.example is https://api.example/).
  const typed = typeof confirmation === "string" ? confirmation.trim() : null;
  if (typed === null || (typed !== api.identifier && normalizeResourceUri(typed) !== normalizeResourceUri(api.identifier))) return { ok: false, error: `Type the API's identifier, ${api.identifier}, to confirm` };
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
