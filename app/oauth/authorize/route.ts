import { authorizeErrorAnswer } from "@/app/oauth/authorize/error-page";
import { ownsApplication } from "@/lib/apps/applications";
import { currentUser } from "@/lib/auth/session";
import { signInPathFor } from "@/lib/auth/sign-in-again";
import { oauthContext } from "@/lib/oauth-server";
import { checkAuthorizationRequest, decideAuthorization } from "@/lib/oauth/authorize";
import { AUTHORIZATION_PAGE_FIELDS, protocolRoute, type ProtocolAnswer, type ProtocolRequest } from "@/lib/oauth/http";
import { Params } from "@/lib/oauth/params";
import { routeFile } from "@/lib/route-file";

export const dynamic = "force-dynamic";

function redirect(location: string): ProtocolAnswer {
  return { status: 302, headers: { ...AUTHORIZATION_PAGE_FIELDS, location }, body: "" };
}

/** GET /oauth/authorize: validate, then sign in, consent, or straight back to the client. @see RFC 6749 §4.1.1 */
async function authorize(request: ProtocolRequest): Promise<ProtocolAnswer> {
  const ctx = await oauthContext();
  const url = new URL(request.url);
  const check = await checkAuthorizationRequest(Params.fromSearch(url.search), ctx);
  const user = await currentUser();
  if (check.kind === "error_page") {
    const owned = check.client && user ? await ownsApplication(user.id, check.client.id) : false;
    return authorizeErrorAnswer(check, { settingsUrl: owned ? `/dashboard/apps/${check.client!.id}#settings` : undefined, request });
  }
  if (check.kind === "redirect") {
    // RFC 9700 §4.11.2: authenticate the user before redirecting, so that anyone's registered
    // redirect URI cannot be reached through Gatehouse by a stranger's link.
    if (user) return redirect(check.url);
    return authorizeErrorAnswer({ kind: "error_page", reason: "error_for_visitor", client: check.client, continueUrl: check.url }, { request });
  }

  const decision = await decideAuthorization(check.request, user && { id: user.id, signedInAt: user.signedInAt }, ctx, url.search);
  switch (decision.kind) {
    case "redirect":
      return redirect(decision.url);
    case "sign_in":
      return redirect(signInPathFor(decision));
    case "consent":
      return redirect(`/oauth/consent?request=${encodeURIComponent(decision.handle)}`);
  }
}

// Always served here, never by the HTTP front: the session is Next's (currentUser reads its cookie).
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeFile(protocolRoute({ GET: authorize }, { cors: false }));
