import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { signInFrom } from "@/lib/auth/accounts";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { budgetAddress, CLIENT_IP_HEADER } from "@/lib/client-ip";
import { config } from "@/lib/config/env";

/** Idle lifetime: a browser session unused this long ends (each use renews it). */
export const SESSION_SECONDS = 8 * 60 * 60;
/** Absolute lifetime: however active, a session ends this long after its sign-in. */
export const SESSION_ABSOLUTE_SECONDS = 7 * 24 * 60 * 60;

/** next-auth: email + password, JWT sessions carrying the user id and the session version. */
export function authOptions(): NextAuthOptions {
  const { nextAuthSecret } = config();
  return {
    secret: nextAuthSecret,
    session: { strategy: "jwt", maxAge: SESSION_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          // The HTTP front's header: the caller's address (next-auth hands the headers over as a plain object), IPv6 by its /64.
          const ip = budgetAddress((req?.headers as Record<string, string | undefined> | undefined)?.[CLIENT_IP_HEADER] ?? "unknown");
          // A SignInRefusedError's message reaches the sign-in form as the error (next-auth 4).
          const user = await signInFrom({ email: credentials?.email, password: credentials?.password }, ip);
          return user ? { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } : null;
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
          // When the password was checked: the absolute lifetime counts from here (lib/auth/session.ts).
          token.at = Math.floor(Date.now() / 1000);
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv, at: token.at };
      },
      async redirect({ url, baseUrl }) {
        return new URL(safeCallbackPath(url, baseUrl, "/dashboard"), baseUrl).toString();
      },
    },
  };
}
