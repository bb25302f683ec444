import { renderEndSessionPage, type EndSessionPage } from "@/app/oauth/end-session/page-html";
import { currentUser, endThisSession } from "@/lib/auth/session";
import { oauthContext } from "@/lib/oauth-server";
import { spendAddressBudget } from "@/lib/oauth/client-auth";
import { decideEndSession } from "@/lib/oauth/end-session";
import { ENDPOINT_PATHS } from "@/lib/oauth/endpoints";
import { OAuthError } from "@/lib/oauth/errors";
import { AUTHORIZATION_PAGE_FIELDS, protocolRoute, readForm, type ProtocolAnswer, type ProtocolRequest } from "@/lib/oauth/http";
import { Params } from "@/lib/oauth/params";
import { REQUEST_ID_HEADER } from "@/lib/observe/request-id";
import { routeFile } from "@/lib/route-file";
import { isSameOriginPost } from "@/lib/same-origin-post";
import { STATIC_FORM_PAGE_CSP } from "@/lib/security-headers";

export const dynamic = "force-dynamic";

async function page(request: ProtocolRequest, content: EndSessionPage, status = 200, extra: Record<Lowercase<string>, string> = {}): Promise<ProtocolAnswer> {
  return { status, headers: { ...AUTHORIZATION_PAGE_FIELDS, ...extra, "content-type": "text/html; charset=utf-8" }, body: await renderEndSessionPage(content) };
}

/**
 * GET|POST /oauth/end-session: RP-Initiated Logout 1.0 §2 (both methods, the parameters in the
 * query or a form body). Served by Next, never by the HTTP front: the session is Next's cookie.
 */
async function endSession(request: ProtocolRequest): Promise<ProtocolAnswer> {
  let params: Params;
  try {
    params = request.method === "POST" ? readForm(request) : Params.fromSearch(new URL(request.url).search);
  } catch (error) {
    const detail = error instanceof OAuthError ? error.description : "the request could not be read";
    return page(request, { kind: "error", detail, reference: request.headers[REQUEST_ID_HEADER] }, error instanceof OAuthError ? error.status : 400);
  }
  // Only a POST from Gatehouse's own confirmation form counts as the user's answer.
  const confirmed = request.method === "POST" && isSameOriginPost(request);
  const ctx = await oauthContext(request.clientAddress);
  try {
    // The protocol endpoints' budget of the caller's address: each request checks a signature and reads the app.
    await spendAddressBudget(ctx);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    return page(request, { kind: "error", detail: `${error.description}. Wait, then go back to the app and sign out again.`, reference: request.headers[REQUEST_ID_HEADER] }, error.status, { ...error.headers });
  }
  const user = await currentUser();
  const decision = await decideEndSession(params, user?.id ?? null, confirmed, ctx);
  switch (decision.kind) {
    case "error":
      return page(request, { kind: "error", detail: decision.detail, reference: request.headers[REQUEST_ID_HEADER] }, 400);
    case "confirm":
      return page(request, { kind: "confirm", appName: decision.appName, fields: decision.fields, action: ENDPOINT_PATHS.endSession }, 200, { "content-security-policy": STATIC_FORM_PAGE_CSP });
    case "sign_out": {
      const cleared = await endThisSession();
      const cookie: Record<Lowercase<string>, string> = cleared ? { "set-cookie": cleared } : {};
      if (decision.redirect) return { status: 303, headers: { ...AUTHORIZATION_PAGE_FIELDS, ...cookie, location: decision.redirect }, body: "" };
      return page(request, { kind: "signed_out", appName: decision.appName }, 200, cookie);
    }
  }
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeFile(protocolRoute({ GET: endSession, POST: endSession }, { cors: false }));
