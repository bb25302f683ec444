import { authorizeErrorAnswer } from "@/app/oauth/authorize/error-page";
import { currentUser } from "@/lib/auth/session";
import { isSameOriginPost } from "@/lib/same-origin-post";
import { oauthContext } from "@/lib/oauth-server";
import { answerConsent, consentDecisionSchema } from "@/lib/oauth/consent";
import { OAuthError } from "@/lib/oauth/errors";
import { AUTHORIZATION_PAGE_FIELDS, readForm, type ProtocolAnswer, type ProtocolRequest } from "@/lib/oauth/http";
import type { Params } from "@/lib/oauth/params";
import { routeFileHandler } from "@/lib/route-file";

export const dynamic = "force-dynamic";

/**
 * POST /oauth/consent/decision: the consent screen's Approve or Deny. Protected against CSRF
 * twice: a cross-site Origin is refused, and the request handle is an unguessable, single-use
 * value bound to the signed-in user.
 */
async function decide(request: ProtocolRequest): Promise<ProtocolAnswer> {
  if (!isSameOriginPost(request)) return authorizeErrorAnswer({ kind: "error_page", reason: "cross_site_decision" }, { status: 403, request });
  const user = await currentUser();
  if (!user) return authorizeErrorAnswer({ kind: "error_page", reason: "signed_out" }, { request });
  // The same reading as the protocol endpoints': form encoding only, at most 64 KiB (413 beyond).
  let form: Params;
  try {
    form = readForm(request);
  } catch (error) {
    if (error instanceof OAuthError && error.status === 413) return authorizeErrorAnswer({ kind: "error_page", reason: "decision_too_large" }, { status: 413, request });
    return authorizeErrorAnswer({ kind: "error_page", reason: "malformed_decision" }, { request });
  }
  const { data: decision } = form.problemsWith(consentDecisionSchema);
  if (!decision) return authorizeErrorAnswer({ kind: "error_page", reason: "malformed_decision" }, { request });
  const outcome = await answerConsent(decision, user.id, await oauthContext());
  if (outcome.kind === "expired") return authorizeErrorAnswer({ kind: "error_page", reason: "consent_expired" }, { request });
  if (outcome.kind === "redirect_uri_removed") return authorizeErrorAnswer({ kind: "error_page", reason: "redirect_uri_removed" }, { request });
  return { status: 303, headers: { ...AUTHORIZATION_PAGE_FIELDS, location: outcome.url }, body: "" };
}

export const POST = routeFileHandler(decide);
