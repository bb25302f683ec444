import { authorizeErrorAnswer } from "@/app/oauth/authorize/error-page";
import { ownsApplication } from "@/lib/apps/applications";
import { currentUser } from "@/lib/auth/session";
import { signInPathFor } from "@/lib/auth/sign-in-again";
import { oauthContext } from "@/lib/oauth-server";
import { checkAuthorizationRequest, decideAuthorization } from "@/lib/oauth/authorize";
import { AUTHORIZATION_PAGE_FIELDS, FORM_MEDIA_TYPE, MAX_BODY_BYTES, mediaTypeOf, protocolRoute, type ProtocolAnswer, type ProtocolRequest } from "@/lib/oauth/http";
import { Params } from "@/lib/oauth/params";
import { routeFile } from "@/lib/route-file";

export const dynamic = "force-dynamic";

function redirect(location: string): ProtocolAnswer {
  return { status: 302, headers: { ...AUTHORIZATION_PAGE_FIELDS, location }, body: "" };
}

/** GET /oauth/authorize: validate, then sign in, consent, or straight back to the client. @see RFC 6749 §4.1.1 */
async function authorize(request: ProtocolRequest): Promise<ProtocolAnswer> {
  const ctx = await oauthContext();
  // OpenID Connect Core §3.1.2.1: GET with the query, or POST with a form body; the same request either way.
  const search = request.method === "POST" ? formSearch(request) : new URL(request.url).search;
  if (search === null) return authorizeErrorAnswer({ kind: "error_page", reason: "unreadable_post" }, { request });
  const check = await checkAuthorizationRequest(Params.fromSearch(search), ctx);
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

  const decision = await decideAuthorization(check.request, user && { id: user.id, signedInAt: user.signedInAt }, ctx, search);
  switch (decision.kind) {
    case "redirect":
      return redirect(decision.url);
    case "sign_in":
      return redirect(signInPathFor(decision));
    case "consent":
      return redirect(`/oauth/consent?request=${encodeURIComponent(decision.handle)}`);
  }
}

/** A POSTed authorization request's form body as a query string, or null when it is not a form. */
function formSearch(request: ProtocolRequest): string | null {
  if (mediaTypeOf(request) !== FORM_MEDIA_TYPE || request.body.length > MAX_BODY_BYTES) return null;
  return `?${new TextDecoder().decode(request.body)}`;
}

// Always served here, never by the HTTP front: the session is Next's (currentUser reads its cookie).
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeFile(protocolRoute({ GET: authorize, POST: authorize }, { cors: false }));
