import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "@/lib/auth/options";
import { findUserById, type UserRecord } from "@/lib/db/users";

export type SessionUser = Pick<UserRecord, "id" | "email" | "name" | "username">;

/**
 * The signed-in user of this request, or null. A session whose user is gone, or whose
 * session version is older than the user's (password changed), counts as signed out.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const session = (await getServerSession(authOptions())) as { uid?: unknown; sv?: unknown } | null;
  if (!session || typeof session.uid !== "string") return null;
  const user = await findUserById(session.uid);
  if (!user || user.sessionVersion !== session.sv) return null;
  return { id: user.id, email: user.email, name: user.name, username: user.username };
}

/** The signed-in user, or a redirect to sign-in that comes back to callbackPath. */
export async function requireUser(callbackPath: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return user;
}
