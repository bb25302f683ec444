import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { refusedAuthRequest } from "@/lib/auth/auth-route-guard";
import { authOptions } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so the secret and URLs are read at run time, not at build time.
async function handler(request: Request, context: Context): Promise<Response> {
  const params = await context.params;
  const refused = await refusedAuthRequest(request, params.nextauth);
  if (refused) return refused;
  return NextAuth(request as never, { params } as never, authOptions());
}

/** HEAD is GET without the body (RFC 9110 §9.3.2): next-auth knows only GET and POST (and reads a NextRequest's nextUrl). */
async function head(request: Request, context: Context): Promise<Response> {
  const answer = await handler(new NextRequest(request.url, { method: "GET", headers: request.headers }), context);
  return new Response(null, { status: answer.status, headers: answer.headers });
}

export { handler as GET, head as HEAD, handler as POST };
