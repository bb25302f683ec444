import { randomBytes } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { signInFrom } from "@/lib/auth/accounts";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { budgetAddress, CLIENT_IP_HEADER } from "@/lib/client-ip";
import { config } from "@/lib/config/env";
import { insertEndedSession } from "@/lib/db/ended-sessions";

/** Idle lifetime: a browser session unused this long ends (each use renews it). */
export const SESSION_SECONDS = 8 * 60 * 60;
/** Absolute lifetime: however active, a session ends this long after its sign-in. */
export const SESSION_ABSOLUTE_SECONDS = 7 * 24 * 60 * 60;

/** A browser session's id, made at sign-in and kept for the session's life: 128 random bits. */
export function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

/** When a session signed in at `signedInAt` (seconds) ends however it is used: its absolute lifetime. */
export function sessionEndsAt(signedInAt: number): Date {
  return new Date((signedInAt + SESSION_ABSOLUTE_SECONDS) * 1000);
}

/**
 * Signing out: the session's id is refused from now until the session would have ended anyway,
 * so a copy of its cookie made before (the cookie itself is only cleared in this browser) no
 * longer signs anyone in. next-auth 4 hands its signOut event the decoded JWT being cleared.
 */
export async function endSession(token: JWT | null | undefined): Promise<void> {
  if (typeof token?.sid !== "string" || typeof token.at !== "number") return;
  await insertEndedSession(token.sid, sessionEndsAt(token.at));
}

/** next-auth: email + password, JWT sessions carrying the user id, the session version and the session's id. */
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
          // Signing out puts it on the deny list (endSession); a new sign-in gets a new one.
          token.sid = newSessionId();
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv, at: token.at, sid: token.sid };
      },
      async redirect({ url, baseUrl }) {
        return new URL(safeCallbackPath(url, baseUrl, "/dashboard"), baseUrl).toString();
      },
    },
    events: {
      signOut: ({ token }) => endSession(token),
    },
  };
}
