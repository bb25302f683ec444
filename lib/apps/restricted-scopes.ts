import { z } from "zod";
import { hasControlCharacters, hasInvisibleCharacters, INVISIBLE_CHARACTER_MESSAGE, normalizeText } from "@/lib/text";
import { getApplication } from "@/lib/apps/applications";
import { listApprovalsOf, requestApproval, type ApprovalStatus } from "@/lib/db/scope-approvals";
import { fieldErrorsOf, type FormResult } from "@/lib/form-result";
import { freshScopeCatalogue } from "@/lib/scope-catalogue";

/**
 * Restricted scopes from the developer's side: which ones exist, where each app stands, and the
 * request with a reason that operators decide on (lib/operator/approvals.ts).
 */
export type RestrictedScopeStatus = {
  name: string;
  description: string;
  api: string | null;
  /** "none" when the app never asked. */
  status: ApprovalStatus | "none";
  reason: string | null;
  note: string | null;
  decidedAt: Date | null;
};

const requestSchema = z.object({
  scope: z.string().max(64),
  reason: z
    .string({ error: "Say why the app needs this scope" })
    .trim()
    .min(10, "Say in a sentence or two why the app needs this scope (at least 10 characters)")
    .max(500, "Use at most 500 characters")
    .refine((s) => !hasControlCharacters(s, { lineBreaks: true }), "The reason cannot contain control characters")
    .refine((s) => !hasInvisibleCharacters(s), `The reason ${INVISIBLE_CHARACTER_MESSAGE}`)
    .transform(normalizeText),
});

/** Every restricted scope of the catalogue with this app's standing on it. */
export async function restrictedScopesOf(ownerId: string, appId: unknown): Promise<RestrictedScopeStatus[]> {
  const app = await getApplication(ownerId, appId);
  const [catalogue, approvals] = await Promise.all([freshScopeCatalogue(), listApprovalsOf(app.id)]);
  const byScope = new Map(approvals.map((a) => [a.scope, a]));
  return catalogue
    .filter((s) => s.restricted)
    .map((s) => {
      const approval = byScope.get(s.name);
      return {
        name: s.name,
        description: s.description,
        api: s.api,
        status: (approval?.status as ApprovalStatus | undefined) ?? "none",
        reason: approval?.reason ?? null,
        note: approval?.note ?? null,
        decidedAt: approval?.decidedAt ?? null,
      };
    });
}

/** Asks operators to approve a restricted scope for the app (again, after a denial or revocation). */
export async function requestRestrictedScope(ownerId: string, appId: unknown, input: unknown): Promise<FormResult> {
  const app = await getApplication(ownerId, appId);
  const parsed = requestSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const scope = (await freshScopeCatalogue()).find((s) => s.name === parsed.data.scope);
  if (!scope?.restricted) return { ok: false, fieldErrors: { form: `${parsed.data.scope} is not a restricted scope: apps may request it without approval` } };
  if (!(await requestApproval(app.id, scope.name, parsed.data.reason))) {
    return { ok: false, fieldErrors: { form: `${scope.name} is already approved for this app, or a request is waiting for an operator` } };
  }
  return { ok: true };
}
