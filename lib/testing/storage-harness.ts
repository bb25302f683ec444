import { db } from "@/lib/testing/prisma";
import { deleteGrantOf } from "@/lib/db/grants";
import { digest } from "@/lib/oauth/secrets";
import type { OAuthStorage } from "@/lib/oauth/storage";
import type { StorageHarness } from "@/lib/oauth/testing/storage-contract";
import { createTestApi, createTestApplication, createTestUser } from "@/lib/testing/fixtures";

const claims = ({ id, name, username, email }: { id: string; name: string; username: string; email: string }) => ({ id, name, username, email });

/** The contract suite's set-up on this run's database (SQLite, or PostgreSQL in CI), for storage that lives there. */
export function databaseHarness(storage: OAuthStorage): StorageHarness {
  return {
    storage,
    async addClient(clientType, redirectUris) {
      const created = await createTestApplication(clientType, redirectUris, "Contract App", "Made by the contract");
      const client = await storage.clients.findClientByApplicationId(created.id);
      return { client: client!, secretDigest: created.clientSecret ? digest(created.clientSecret) : null };
    },
    addUser: async () => claims(await createTestUser("Contract User")),
    async addPersonalKey(userId, keyDigest, scope, expiresAt, audience = null) {
      return db().personalKey.create({ data: { userId, name: "Contract key", digest: keyDigest, prefix: "gpat_ab", lastFour: "wxyz", scope, expiresAt, audience }, select: { id: true } });
    },
    async approveScope(applicationId, scope) {
      await db().scopeApproval.create({ data: { applicationId, scope, status: "approved", reason: "contract" } });
    },
    async approveServiceAccess(applicationId, scope) {
      await db().serviceAccessApproval.create({ data: { applicationId, scope, status: "approved", reason: "contract" } });
    },
    async setGrantTypes(applicationId, grantTypes) {
      await db().application.update({ where: { id: applicationId }, data: { grantTypes: grantTypes.join(" ") } });
    },
    async addApi() {
      const created = await createTestApi("Contract API");
      const api = await storage.apis.findApi(created.apiId);
      return { api: api!, secretDigest: digest(created.secret) };
    },
    async deleteUser(id) {
      await db().user.delete({ where: { id } });
    },
    async deleteApplication(id) {
      await db().application.delete({ where: { id } });
    },
    async revokeGrantAsUser(userId, id, at) {
      await deleteGrantOf(userId, id, at);
    },
    async deleteGrant(id) {
      await db().grant.delete({ where: { id } });
    },
  };
}
