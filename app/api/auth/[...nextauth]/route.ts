import NextAuth from "next-auth";
import { refusedAuthRequest } from "@/lib/auth/auth-route-guard";
import { authOptions } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so the secret and URLs are read at run time, not at build time.
async function handler(request: Request, context: Context) {
  const params = await context.params;
  const refused = await refusedAuthRequest(request, params.nextauth);
  if (refused) return refused;
  return NextAuth(request as never, { params } as never, authOptions());
}

export { handler as GET, handler as POST };
