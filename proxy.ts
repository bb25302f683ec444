import { NextResponse, type NextRequest } from "next/server";
import { pageCsp } from "@/lib/security-headers";

/**
 * Every page gets a Content-Security-Policy with a fresh nonce: set on the request, Next reads
 * it and puts the nonce on its own scripts; set on the response, the browser runs nothing else.
 * (Protocol endpoints, the authorize route and the consent decision set their own headers; the
 * HTTP front adds HSTS to every response when the issuer is https.)
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV !== "production");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  // For the layout, which cannot see the path: the consent screen gets a header without navigation.
  headers.set("x-gatehouse-path", request.nextUrl.pathname);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|\\.well-known/|api/health|oauth/token|oauth/revoke|oauth/introspect|oauth/userinfo|oauth/authorize|oauth/consent/decision).*)"],
};
