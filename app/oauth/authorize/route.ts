import { authorizeErrorResponse } from "@/app/oauth/authorize/error-page";
import { ownsApplication } from "@/lib/apps/applications";
import { currentUser } from "@/lib/auth/session";
import { oauthContext } from "@/lib/oauth-server";
import { checkAuthorizationRequest, decideAuthorization } from "@/lib/oauth/authorize";
import { protocolRoute } from "@/lib/oauth/http";
import { Params } from "@/lib/oauth/params";
import { AUTHORIZATION_PAGE_HEADERS } from "@/lib/security-headers";

export const dynamic = "force-dynamic";

function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { ...AUTHORIZATION_PAGE_HEADERS, Location: location } });
}

/** GET /oauth/authorize: validate, then sign in, consent, or straight back to the client. @see RFC 6749 §4.1.1 */
async function authorize(request: Request): Promise<Response> {
  const ctx = await oauthContext();
  const url = new URL(request.url);
  const check = await checkAuthorizationRequest(Params.fromSearch(url.search), ctx);
  const user = await currentUser();
  if (check.kind === "error_page") {
    const owned = check.client && user ? await ownsApplication(user.id, check.client.id) : false;
    return authorizeErrorResponse(check, undefined, owned ? `/dashboard/apps/${check.client!.id}#settings` : undefined);
  }
  if (check.kind === "redirect") {
    // RFC 9700 §4.11.2: authenticate the user before redirecting, so that anyone's registered
    // redirect URI cannot be reached through Gatehouse by a stranger's link.
    if (user) return redirect(check.url);
    return authorizeErrorResponse({ kind: "error_page", reason: "error_for_visitor", client: check.client, continueUrl: check.url });
  }

  const decision = await decideAuthorization(check.request, user?.id ?? null, ctx);
  switch (decision.kind) {
    case "redirect":
      return redirect(decision.url);
    case "sign_in":
      return redirect(`/signin?callbackUrl=${encodeURIComponent(`/oauth/authorize${url.search}`)}`);
    case "consent":
      return redirect(`/oauth/consent?request=${encodeURIComponent(decision.handle)}`);
  }
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = protocolRoute({ GET: authorize }, { cors: false });
