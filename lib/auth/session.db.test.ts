import { describe, expect, it } from "vitest";
import type { JWT } from "next-auth/jwt";
import { authOptions, endSession, newSessionId, SESSION_ABSOLUTE_SECONDS } from "@/lib/auth/options";
import { sessionUser, type SessionClaims } from "@/lib/auth/session";
import { db } from "@/lib/testing/prisma";
import { pruneExpired } from "@/lib/db/prune";
import { bumpSessionVersion } from "@/lib/db/users";
import { createTestUser } from "@/lib/testing/fixtures";

const NOW = Date.now();
const signedInAt = Math.floor(NOW / 1000) - 3600;

/** Two browser sessions of one user, as their JWTs carry them. */
async function givenTwoSessions() {
  const user = await createTestUser("Sid");
  const claims = (sid: string): SessionClaims & JWT => ({ uid: user.id, sv: 0, at: signedInAt, sid });
  return { user, mine: claims(newSessionId()), other: claims(newSessionId()) };
}

/** next-auth's signOut event, as its sign-out route calls it for a JWT session. */
const signOutEvent = (token: JWT) => authOptions().events!.signOut!({ token, session: undefined as never });

describe("a browser session's id", () => {
  it("is made at sign-in and kept by every later use of the session", async () => {
    const jwt = authOptions().callbacks!.jwt!;
    const user = { id: "u1", email: "a@example.com", name: "A", sessionVersion: 3 };
    const signedIn = await jwt({ token: {}, user, account: null });
    expect(signedIn.sid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await jwt({ token: signedIn, user: undefined as never, account: null })).toMatchObject({ sid: signedIn.sid, uid: "u1", sv: 3 });
    expect((await jwt({ token: {}, user, account: null })).sid).not.toBe(signedIn.sid);
  });
});

describe("signing out", () => {
  it("ends this session for every copy of its cookie, and no other session of the user", async () => {
    const { user, mine, other } = await givenTwoSessions();
    expect(await sessionUser(mine, NOW)).toMatchObject({ id: user.id });

    await signOutEvent(mine);

    expect(await sessionUser(mine, NOW)).toBeNull();
    expect(await sessionUser(other, NOW)).toMatchObject({ id: user.id });
    // On the deny list until the session would have ended anyway, 7 days after its sign-in.
    expect(await db().endedSession.findUnique({ where: { sid: mine.sid as string } })).toEqual({
      sid: mine.sid,
      expiresAt: new Date((signedInAt + SESSION_ABSOLUTE_SECONDS) * 1000),
    });
  });

  it("signing out twice keeps one row; a token without an id or a sign-in time writes nothing", async () => {
    const { mine } = await givenTwoSessions();
    const before = await db().endedSession.count();
    await endSession(mine);
    await endSession(mine);
    await endSession(null);
    await endSession({ ...mine, sid: undefined });
    await endSession({ ...mine, at: undefined, sid: newSessionId() });
    expect(await db().endedSession.count()).toBe(before + 1);
  });

  it("leaves sign out everywhere as it was: the session version ends every session of the user", async () => {
    const { user, mine, other } = await givenTwoSessions();
    await bumpSessionVersion(user.id);
    expect(await sessionUser(mine, NOW)).toBeNull();
    expect(await sessionUser(other, NOW)).toBeNull();
    expect(await sessionUser({ ...other, sv: 1 }, NOW)).toMatchObject({ id: user.id });
  });

  it("is forgotten once the session is past its absolute lifetime, which refuses it anyway", async () => {
    const { mine, other } = await givenTwoSessions();
    await endSession(mine);
    const rows = () => db().endedSession.count({ where: { sid: mine.sid as string } });
    const afterLifetime = (signedInAt + SESSION_ABSOLUTE_SECONDS + 1) * 1000;
    expect(await sessionUser(other, afterLifetime)).toBeNull();
    await pruneExpired(new Date(afterLifetime - 2000));
    expect(await rows()).toBe(1);
    expect((await pruneExpired(new Date(afterLifetime))).endedSessions).toBeGreaterThanOrEqual(1);
    expect(await rows()).toBe(0);
  });
});

describe("a session's claims", () => {
  it("count as signed out without an id (made before sessions had one), a user, a sign-in time within the lifetime or the current version", async () => {
    const { user, mine } = await givenTwoSessions();
    expect(await sessionUser({ ...mine, sid: undefined }, NOW)).toBeNull();
    expect(await sessionUser({ ...mine, sid: 42 }, NOW)).toBeNull();
    expect(await sessionUser({ ...mine, uid: "gone" }, NOW)).toBeNull();
    expect(await sessionUser({ ...mine, at: undefined }, NOW)).toBeNull();
    expect(await sessionUser({ ...mine, sv: 1 }, NOW)).toBeNull();
    expect(await sessionUser(null, NOW)).toBeNull();
    expect(await sessionUser(mine, NOW)).toEqual({ id: user.id, email: user.email, name: "Sid", username: user.username, isOperator: false, signedInAt: new Date(Number(mine.at) * 1000) });
  });
});
