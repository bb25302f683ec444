import { randomBytes } from "node:crypto";
import { createApplication } from "@/lib/apps/applications";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/testing/prisma";
import { registerApi } from "@/lib/operator/apis";
import type { ClientType } from "@/lib/oauth/storage";

/** Test data made straight in the database, for tests that are not about making it. */
export async function createTestUser(name = "Dev") {
  const tag = randomBytes(5).toString("hex");
  return db().user.create({ data: { email: `${tag}@example.com`, name, username: `u-${tag}`, passwordHash: "unused" } });
}

const FUTURE = () => new Date(Date.now() + 3600_000);

/** A grant of the user to the app, with a code, a token family and one access and refresh token. */
export async function createTestGrant(userId: string, applicationId: string) {
  const tag = () => randomBytes(8).toString("hex");
  const grant = await db().grant.create({ data: { userId, applicationId, scope: "user.read" } });
  const code = await db().authorizationCode.create({
    data: {
      digest: tag(),
      applicationId,
      userId,
      grantId: grant.id,
      redirectUri: "https://app.example/cb",
      redirectUriSent: true,
      scope: "user.read",
      expiresAt: FUTURE(),
    },
  });
  const family = await db().tokenFamily.create({
    data: { applicationId, userId, grantId: grant.id, codeId: code.id, scope: "user.read", absoluteExpiresAt: FUTURE() },
  });
  const refresh = await db().refreshToken.create({ data: { digest: tag(), familyId: family.id, expiresAt: FUTURE() } });
  await db().accessToken.create({
    data: { digest: tag(), familyId: family.id, refreshTokenId: refresh.id, scope: "user.read", expiresAt: FUTURE() },
  });
  return grant;
}

/** An application registered as the dashboard does, by a new owner; a confidential one with its first secret. */
export async function createTestApplication(clientType: ClientType = "confidential", redirectUris = ["https://client.example/cb"], name = "Client App", description = "") {
  const owner = await createTestUser("Owner");
  const created = await createApplication(owner.id, { name, description, clientType, redirectUris });
  if (!created.ok) throw new Error(`could not create the app: ${JSON.stringify(created)}`);
  return created;
}

/** An operator account, as `npm run operator -- add` makes one. */
export async function createTestOperator(name = "Operator"): Promise<SessionUser> {
  const user = await createTestUser(name);
  await db().user.update({ where: { id: user.id }, data: { role: "operator" } });
  return { id: user.id, email: user.email, name: user.name, username: user.username, isOperator: true, signedInAt: new Date() };
}

/** An API registered in the operator console, with its first secret. */
export async function createTestApi(name = "Notes API", identifier = `https://api-${randomBytes(4).toString("hex")}.example`) {
  const created = await registerApi(await createTestOperator(), { name, identifier });
  if (!created.ok) throw new Error(`could not register the API: ${JSON.stringify(created)}`);
  return { ...created, secret: created.apiSecret, identifier };
}
