import { authorizeErrorResponse as errorPage } from "@/app/oauth/authorize/error-page";
import { currentUser } from "@/lib/auth/session";
import { config } from "@/lib/config/env";
import { oauthContext } from "@/lib/config/oauth-context";
import { answerConsent } from "@/lib/oauth/authorize";

export const dynamic = "force-dynamic";

const HEADERS = { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" };

/**
 * POST /oauth/consent/decision: the consent screen's Approve or Deny. Protected against CSRF
 * twice: a cross-site Origin is refused, and the request handle is an unguessable, single-use
 * value bound to the signed-in user.
 */
export async function POST(request: Request): Promise<Response> {
  if (!isSameOriginPost(request)) {
    return errorPage({ title: "Request refused", detail: "The decision did not come from Gatehouse's consent screen." }, 403);
  }
  const user = await currentUser();
  if (!user) {
    return errorPage({ title: "You are signed out", detail: "Go back to the app and sign in with Gatehouse again." });
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return errorPage({ title: "Invalid request", detail: "The consent form could not be read. Go back to the app and try again." });
  }
  const handle = form.get("request");
  const decision = form.get("decision");
  if (typeof handle !== "string" || handle.length > 100 || (decision !== "approve" && decision !== "deny")) {
    return errorPage({ title: "Invalid request", detail: "The consent form was incomplete. Go back to the app and try again." });
  }
  const outcome = await answerConsent(handle, user.id, decision === "approve", oauthContext());
  if (outcome.kind === "error_page") return errorPage(outcome);
  return new Response(null, { status: 303, headers: { ...HEADERS, Location: outcome.url } });
}

/**
 * Browsers say where a POST comes from in Sec-Fetch-Site; with Referrer-Policy: no-referrer
 * they send "Origin: null", so Origin is only checked when it names a real origin.
 */
function isSameOriginPost(request: Request): boolean {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null) return fetchSite === "same-origin";
  const origin = request.headers.get("origin");
  if (origin === null || origin === "null") return true;
  return origin === new URL(config().issuer).origin || origin === new URL(request.url).origin;
}
