import { getServerSession } from "next-auth";
import { decode, encode } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { CALLBACK_COOKIES } from "@/lib/auth/auth-route-guard";
import { authOptions, SESSION_ABSOLUTE_SECONDS, SESSION_SECONDS } from "@/lib/auth/options";
import { config } from "@/lib/config/env";
import { isSessionEnded } from "@/lib/db/ended-sessions";
import { findUserById, type UserRecord } from "@/lib/db/users";

export type SessionUser = Pick<UserRecord, "id" | "email" | "name" | "username"> & {
  isOperator: boolean;
  /** When this session's password was checked (OpenID Connect's auth_time). */
  signedInAt: Date;
};

/** True while a session signed in at `signedInAt` (seconds) is within its absolute lifetime. */
export function withinAbsoluteLifetime(signedInAt: unknown, now = Date.now()): boolean {
  return typeof signedInAt === "number" && now / 1000 - signedInAt < SESSION_ABSOLUTE_SECONDS;
}

/** What a session's JWT says (lib/auth/options.ts), unchecked. */
export type SessionClaims = { uid?: unknown; sv?: unknown; at?: unknown; sid?: unknown };

/**
 * The user a session belongs to, or null when it counts as signed out: its user is gone, its
 * session version is older than the user's (password changed, or "sign out everywhere"), it is
 * past its absolute lifetime, or it was signed out (its id is on the deny list). A session
 * without an id was made before sessions had one and cannot be signed out on its own, so it
 * counts as signed out too: its user signs in once more. Two lookups by primary key, side by side.
 */
export async function sessionUser(claims: SessionClaims | null, now = Date.now()): Promise<SessionUser | null> {
  if (!claims || typeof claims.uid !== "string" || typeof claims.sid !== "string" || !withinAbsoluteLifetime(claims.at, now)) return null;
  const [user, ended] = await Promise.all([findUserById(claims.uid), isSessionEnded(claims.sid)]);
  if (!user || ended || user.sessionVersion !== claims.sv) return null;
  return { id: user.id, email: user.email, name: user.name, username: user.username, isOperator: user.role === "operator", signedInAt: new Date((claims.at as number) * 1000) };
}

/** The signed-in user of this request, or null (sessionUser says when a session counts as signed out). */
export async function currentUser(): Promise<SessionUser | null> {
  return sessionUser(await sessionClaims());
}

/**
 * The session cookie's claims, read by next-auth, without the callback-url cookie: reading a
 * session does not need it, and next-auth throws on one it would refuse (proxy.ts drops such a
 * cookie from pages' requests; the authorization and consent routes, which it does not see, read
 * the session here too). The form of getServerSession that takes the request's parts, with a
 * response that keeps nothing: as in a server component, nothing is written back.
 */
async function sessionClaims(): Promise<SessionClaims | null> {
  const jar = await cookies();
  const request = {
    headers: Object.fromEntries(await headers()),
    cookies: Object.fromEntries(jar.getAll().filter(({ name }) => !CALLBACK_COOKIES.includes(name)).map(({ name, value }) => [name, value])),
  };
  const response = { getHeader() {}, setCookie() {}, setHeader() {} };
  return (await getServerSession(request as never, response as never, authOptions())) as SessionClaims | null;
}

/** The signed-in user, or a redirect to sign-in that comes back to callbackPath. */
export async function requireUser(callbackPath: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return user;
}

/**
 * The signed-in operator. For everyone else, signed in or not, the operator area does not exist:
 * 404. The role is read from the database with the user on every request, so an operator
 * removed with `npm run operator -- remove` loses the area at once.
 */
export async function requireOperator(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user?.isOperator) notFound();
  return user;
}

/**
 * Re-issues this browser's session cookie with a new session version, so that a password
 * change ends every other session but not this one. Call from a server action.
 */
export async function reissueSession(sessionVersion: number): Promise<void> {
  const { nextAuthUrl, nextAuthSecret } = config();
  const secure = nextAuthUrl.startsWith("https://");
  const name = `${secure ? "__Secure-" : ""}next-auth.session-token`;
  const jar = await cookies();
  const current = jar.get(name)?.value;
  if (!current || !nextAuthSecret) return;
  const token = await decode({ token: current, secret: nextAuthSecret });
  if (!token) return;
  const value = await encode({ token: { ...token, sv: sessionVersion }, secret: nextAuthSecret, maxAge: SESSION_SECONDS });
  jar.set(name, value, { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: SESSION_SECONDS });
}
