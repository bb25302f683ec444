import { db } from "@/lib/db/client";
import { prismaStorage } from "@/lib/db/oauth-storage";
import { digest } from "@/lib/oauth/secrets";
import { describeStorageContract } from "@/lib/oauth/testing/storage-contract";
import { createTestApplication, createTestUser } from "@/lib/testing/fixtures";

const claims = ({ id, name, username, email }: { id: string; name: string; username: string; email: string }) => ({ id, name, username, email });

// The same contract as the in-memory storage, on this run's database (SQLite, or PostgreSQL in CI).
describeStorageContract("Prisma", async () => ({
  storage: prismaStorage,
  async addClient(clientType, redirectUris) {
    const created = await createTestApplication(clientType, redirectUris, "Contract App");
    const client = await prismaStorage.clients.findClientByApplicationId(created.id);
    return { client: client!, secretDigest: created.clientSecret ? digest(created.clientSecret) : null };
  },
  addUser: async () => claims(await createTestUser("Contract User")),
  async deleteUser(id) {
    await db().user.delete({ where: { id } });
  },
  async deleteApplication(id) {
    await db().application.delete({ where: { id } });
  },
  async deleteGrant(id) {
    await db().grant.delete({ where: { id } });
  },
}));
