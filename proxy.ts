import { NextResponse, type NextRequest } from "next/server";
import { clearedCookie, refusedCallbackCookies } from "@/lib/auth/auth-route-guard";
import { refusedPageRequest } from "@/lib/page-request";
import { pageCsp, SECURITY_HEADERS } from "@/lib/security-headers";

/**
 * Every page request passes here. One Next would fail on (lib/page-request.ts) is answered 400 or
 * 403 in plain text. A callback-url cookie next-auth would refuse is dropped from the request
 * (next-auth, which checks it on every session read, would fail) and cleared in the browser;
 * next-auth's own routes set a fresh one in its place. Every page gets a Content-Security-Policy
 * with a fresh nonce: set on the request, Next reads it and puts the nonce on its own scripts;
 * set on the response, the browser runs nothing else. (Protocol endpoints, the authorize route and
 * the consent decision set their own headers; the HTTP front adds HSTS to every response when the
 * issuer is https.)
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const refused = await refusedPageRequest(request);
  if (refused) {
    return new NextResponse(`${refused.reason}\n`, { status: refused.status, headers: { ...SECURITY_HEADERS, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV !== "production");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  // For the layout, which cannot see the path: the consent screen gets a header without navigation.
  headers.set("x-gatehouse-path", request.nextUrl.pathname);
  headers.set("Content-Security-Policy", csp);
  const dropped = refusedCallbackCookies(request.cookies.getAll(), request.nextUrl.origin);
  if (dropped.length > 0) {
    const kept = request.cookies.getAll().filter(({ name }) => !dropped.includes(name));
    if (kept.length > 0) headers.set("cookie", kept.map(({ name, value }) => `${name}=${encodeURIComponent(value)}`).join("; "));
    else headers.delete("cookie");
  }
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  if (!request.nextUrl.pathname.startsWith("/api/auth/")) {
    for (const name of dropped) response.headers.append("Set-Cookie", clearedCookie(name));
  }
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|\\.well-known/|api/health|healthz|readyz|oauth/token|oauth/revoke|oauth/introspect|oauth/userinfo|oauth/authorize|oauth/consent/decision|oauth/jwks|oauth/end-session).*)"],
};
