import {
  deleteAllGrantsOf,
  deleteOwnedApplication,
  deleteOwnedSecret,
  findOwnedApplicationRow,
  hasClientSecret,
  insertApplication,
  insertSecretIfRoom,
  listApplicationsOf,
  updateOwnedApplication,
  updateOwnedOpenIdSettings,
  type ApplicationRow,
  type ApplicationSummary,
} from "@/lib/db/applications";
import { listApis } from "@/lib/db/registered-apis";
import type { ZodError } from "zod";
import { fieldErrorsOf, type FormResult } from "@/lib/form-result";
import { checkRedirectUriList, type UriListCheck } from "@/lib/oauth/redirect-uri";
import type { ClientType, IdTokenAlg } from "@/lib/oauth/storage";
import { digest, generateClientId, generateSecret, secretHint } from "@/lib/oauth/secrets";
import { checkPostLogoutRedirectUriList, idTokenAlgSchema, openIdSettingsSchema } from "@/lib/apps/openid-settings";
import { applicationFieldsSchema, clientTypeSchema, newApplicationSchema, recordIdSchema } from "@/lib/apps/schemas";
import { newSecretFor } from "@/lib/once-shown-secret";
import { findLookAlike } from "@/lib/text";

/**
 * The developer portal's rules. Every function takes the signed-in developer's id and acts
 * only on that developer's applications: anything else is NotFound, exactly as if the
 * application did not exist, and nothing changes.
 */
export const MAX_ACTIVE_SECRETS = 2;

export class NotFoundError extends Error {
  override name = "NotFoundError";
  constructor() {
    super("application not found");
  }
}

export type Application = Omit<ApplicationRow, "redirectUris" | "postLogoutRedirectUris" | "_count" | "clientType" | "idTokenAlg"> & {
  clientType: ClientType;
  redirectUris: string[];
  idTokenAlg: IdTokenAlg;
  postLogoutRedirectUris: string[];
  userCount: number;
};

/** An application form's answer: on failure, the redirect URI rows have their own errors. */
export type ApplicationFormResult<T extends object> = FormResult<T, { redirectUriErrors: (string | undefined)[] }>;

export function listApplications(ownerId: string): Promise<ApplicationSummary[]> {
  return listApplicationsOf(ownerId);
}

/** The application, or NotFoundError when it does not exist or belongs to someone else. */
export async function getApplication(ownerId: string, id: unknown): Promise<Application> {
  const parsedId = recordIdSchema.safeParse(id);
  if (!parsedId.success) throw new NotFoundError();
  const row = await findOwnedApplicationRow(ownerId, parsedId.data);
  if (!row) throw new NotFoundError();
  const { redirectUris, postLogoutRedirectUris, _count, clientType, idTokenAlg, ...rest } = row;
  return {
    ...rest,
    clientType: clientTypeSchema.parse(clientType),
    redirectUris: redirectUris.map((r) => r.uri),
    idTokenAlg: idTokenAlgSchema.parse(idTokenAlg),
    postLogoutRedirectUris: postLogoutRedirectUris.map((r) => r.uri),
    userCount: _count.grants,
  };
}

function formErrors(parsed: { error?: ZodError }, uriCheck: UriListCheck, logoutUriCheck?: UriListCheck): ApplicationFormResult<never> {
  const fieldErrors = parsed.error ? fieldErrorsOf(parsed.error) : {};
  // The registration form has no rows for these: the first problem is said for the whole list.
  if (logoutUriCheck && !logoutUriCheck.ok) {
    const row = logoutUriCheck.errors.findIndex(Boolean);
    fieldErrors.postLogoutRedirectUris = logoutUriCheck.formError ?? `Post-logout redirect URI ${row + 1}: ${logoutUriCheck.errors[row]}`;
  }
  return {
    ok: false,
    fieldErrors,
    redirectUriErrors: uriCheck.ok ? [] : uriCheck.errors,
    formError: uriCheck.ok ? undefined : uriCheck.formError,
  };
}

/**
 * Why people could mistake this name for another they may see beside it, or null: the name of a
 * registered API (an app posing as the operator's own service), or of another app of the same
 * owner (the consent screen and the account page must tell them apart). Compared by UTS #39
 * skeleton, whatever the case (lib/text.ts findLookAlike).
 */
async function lookAlikeNameProblem(ownerId: string, name: string, exceptId?: string): Promise<string | null> {
  const [apis, apps] = await Promise.all([listApis(), listApplicationsOf(ownerId)]);
  const api = findLookAlike(name, apis.map((a) => a.name));
  if (api !== null) return `The name looks like that of the registered API ${api}: choose one people cannot mistake for it`;
  const app = findLookAlike(name, apps.filter((a) => a.id !== exceptId).map((a) => a.name));
  if (app !== null) return `The name looks like that of your application ${app}: give each application a name people can tell apart`;
  return null;
}

/**
 * Registers an application; a confidential one gets its first secret, returned here and never
 * again. Its ID token algorithm and post-logout redirect URIs may come with it (RS256 and none
 * otherwise).
 */
export async function createApplication(
  ownerId: string,
  input: unknown,
): Promise<ApplicationFormResult<{ id: string; clientId: string; clientSecret: string | null }>> {
  const parsed = newApplicationSchema.safeParse(input);
  const clientType = parsed.success ? parsed.data.clientType : "confidential";
  const uriCheck = checkRedirectUriList(uriListOf(input, "redirectUris"), clientType);
  const logoutUriCheck = checkPostLogoutRedirectUriList(uriListOf(input, "postLogoutRedirectUris"), clientType);
  if (!parsed.success || !uriCheck.ok || !logoutUriCheck.ok) {
    return formErrors(parsed, uriCheck, logoutUriCheck);
  }
  const fields = parsed.data;
  const lookAlike = await lookAlikeNameProblem(ownerId, fields.name);
  if (lookAlike) return { ok: false, fieldErrors: { name: lookAlike }, redirectUriErrors: [] };
  const clientSecret = fields.clientType === "confidential" ? generateSecret("clientSecret") : null;
  const app = await insertApplication({
    ...fields,
    ownerId,
    clientId: generateClientId(),
    redirectUris: uriCheck.uris,
    postLogoutRedirectUris: logoutUriCheck.uris,
    secret: clientSecret ? { digest: digest(clientSecret), ...secretHint(clientSecret) } : null,
  });
  return { ok: true, id: app.id, clientId: app.clientId, clientSecret };
}

/** Changes the name, description, URLs and redirect URIs (1 to 3). The client type is fixed. */
export async function updateApplication(ownerId: string, id: unknown, input: unknown): Promise<ApplicationFormResult<object>> {
  const app = await getApplication(ownerId, id);
  const parsed = applicationFieldsSchema.safeParse(input);
  const uriCheck = checkRedirectUriList(uriListOf(input, "redirectUris"), app.clientType);
  if (!parsed.success || !uriCheck.ok) {
    return formErrors(parsed, uriCheck);
  }
  const lookAlike = await lookAlikeNameProblem(ownerId, parsed.data.name, app.id);
  if (lookAlike) return { ok: false, fieldErrors: { name: lookAlike }, redirectUriErrors: [] };
  if (!(await updateOwnedApplication(ownerId, app.id, parsed.data, uriCheck.uris))) throw new NotFoundError();
  return { ok: true };
}

/** The OpenID Connect form's answer: on failure, the post-logout redirect URI rows have their own errors. */
export type OpenIdSettingsFormResult = FormResult<object, { postLogoutRedirectUriErrors: (string | undefined)[] }>;

/**
 * Sets the algorithm the app's ID tokens are signed with and its post-logout redirect URIs (0 to
 * 3, the same rules as its redirect URIs). @see OpenID Connect Registration §2, RP-Initiated Logout 1.0 §3
 */
export async function updateOpenIdSettings(ownerId: string, id: unknown, input: unknown): Promise<OpenIdSettingsFormResult> {
  const app = await getApplication(ownerId, id);
  const parsed = openIdSettingsSchema.safeParse(input);
  const uriCheck = checkPostLogoutRedirectUriList(uriListOf(input, "postLogoutRedirectUris"), app.clientType);
  if (!parsed.success || !uriCheck.ok) {
    return {
      ok: false,
      fieldErrors: parsed.error ? fieldErrorsOf(parsed.error) : {},
      postLogoutRedirectUriErrors: uriCheck.ok ? [] : uriCheck.errors,
      formError: uriCheck.ok ? undefined : uriCheck.formError,
    };
  }
  if (!(await updateOwnedOpenIdSettings(ownerId, app.id, { idTokenAlg: parsed.data.idTokenAlg, postLogoutRedirectUris: uriCheck.uris }))) throw new NotFoundError();
  return { ok: true };
}

export type DeleteResult = { ok: true } | { ok: false; error: string };

/** Deletes the application once the developer has typed its exact name; everything it issued dies with it. */
export async function deleteApplication(ownerId: string, id: unknown, confirmation: unknown): Promise<DeleteResult> {
  const app = await getApplication(ownerId, id);
  if (typeof confirmation !== "string" || confirmation.trim() !== app.name) {
    return { ok: false, error: `Type the application's name, ${app.name}, to confirm` };
  }
  if (!(await deleteOwnedApplication(ownerId, app.id))) throw new NotFoundError();
  return { ok: true };
}

/** Whether the user registered this application (for pages that offer its developer a way to its settings). */
export async function ownsApplication(userId: string, applicationId: string): Promise<boolean> {
  return (await findOwnedApplicationRow(userId, applicationId)) !== null;
}

export type NewSecretResult = { ok: true; clientSecret: string } | { ok: false; error: string };

/** Adds a secret while the existing one keeps working (at most two). Shown once: only its digest is kept. */
export async function createClientSecret(ownerId: string, id: unknown): Promise<NewSecretResult> {
  const app = await getApplication(ownerId, id);
  if (app.clientType !== "confidential") return { ok: false, error: "Public applications have no client secret: they use PKCE" };
  const clientSecret = generateSecret("clientSecret");
  const outcome = await insertSecretIfRoom(ownerId, app.id, { digest: digest(clientSecret), ...secretHint(clientSecret) }, MAX_ACTIVE_SECRETS);
  if (outcome === "not_found") throw new NotFoundError();
  if (outcome === "full") {
    return { ok: false, error: `An application can have at most ${MAX_ACTIVE_SECRETS} secrets: revoke the old one first` };
  }
  return { ok: true, clientSecret };
}

/** Revokes one secret at once: requests authenticated with it fail from now on. */
export async function revokeClientSecret(ownerId: string, id: unknown, secretId: unknown): Promise<void> {
  const app = await getApplication(ownerId, id);
  const parsed = recordIdSchema.safeParse(secretId);
  if (!parsed.success || !(await deleteOwnedSecret(ownerId, app.id, parsed.data))) throw new NotFoundError();
}

/** Ends every user's grant, codes and tokens for the application; the app and its secrets stay. */
export async function revokeAllUserTokens(ownerId: string, id: unknown): Promise<{ usersAffected: number }> {
  const app = await getApplication(ownerId, id);
  return { usersAffected: await deleteAllGrantsOf(app.id) };
}

function uriListOf(input: unknown, field: "redirectUris" | "postLogoutRedirectUris"): string[] {
  const value = typeof input === "object" && input !== null ? (input as Record<string, unknown>)[field] : undefined;
  // At most 10 entries are looked at; more than 3 filled ones is an error anyway.
  return Array.isArray(value) ? value.slice(0, 10).map((v) => (typeof v === "string" ? v.slice(0, 4096) : "")) : [];
}

/** An application's page on the dashboard, where a new client secret is shown until its owner confirms storing it. */
export function applicationPage(id: string): string {
  return `/dashboard/apps/${id}`;
}

/** The new client secret to show on the app's page: held for this owner, and still one of the app's. */
export function newClientSecretToShow(ownerId: string, applicationId: string): Promise<string | null> {
  return newSecretFor(applicationPage(applicationId), ownerId, (secretDigest) => hasClientSecret(applicationId, secretDigest));
}
