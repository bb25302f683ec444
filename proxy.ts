import { NextResponse, type NextRequest } from "next/server";
import { pageCsp, SECURITY_HEADERS } from "@/lib/security-headers";

/**
 * What Next's page rendering would answer with a 500, answered 400 here: a form sent as
 * multipart/form-data whose body is not (Next reads a form posted to a page, in case it is a
 * server action without JavaScript, and fails on it). A server action sent by fetch carries
 * Next-Action, and Next answers its unreadable body 400 itself. (An unreadable router state
 * header, which this function never sees, is the HTTP front's.)
 */
async function unreadable(request: NextRequest): Promise<string | null> {
  const type = request.headers.get("content-type") ?? "";
  if (request.method === "POST" && /^multipart\/form-data/i.test(type) && !request.headers.has("next-action")) {
    try {
      await request.clone().formData();
    } catch {
      return "the form's body could not be read as multipart/form-data";
    }
  }
  return null;
}

/**
 * Every page gets a Content-Security-Policy with a fresh nonce: set on the request, Next reads
 * it and puts the nonce on its own scripts; set on the response, the browser runs nothing else.
 * (Protocol endpoints, the authorize route and the consent decision set their own headers; the
 * HTTP front adds HSTS to every response when the issuer is https.)
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const problem = await unreadable(request);
  if (problem) {
    return new NextResponse(`${problem}\n`, { status: 400, headers: { ...SECURITY_HEADERS, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
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
