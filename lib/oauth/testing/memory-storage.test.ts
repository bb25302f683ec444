import { randomBytes } from "node:crypto";
import { digest, generateApiId, generateClientId } from "@/lib/oauth/secrets";
import { MemoryStorage } from "@/lib/oauth/testing/memory-storage";
import { describeStorageContract } from "@/lib/oauth/testing/storage-contract";

describeStorageContract("memory", async () => {
  const memory = new MemoryStorage();
  return {
    storage: memory,
    async addClient(clientType, redirectUris) {
      const client = memory.addClient({
        clientId: generateClientId(),
        name: "Contract App",
        clientType,
        redirectUris,
        description: "Made by the contract",
        homepageUrl: null,
        privacyPolicyUrl: null,
        termsUrl: null,
        ownerName: "Owner",
      });
      const secretDigest = clientType === "confidential" ? digest(randomBytes(32).toString("base64url")) : null;
      if (secretDigest) memory.addSecretDigest(client.id, secretDigest);
      return { client, secretDigest };
    },
    async addUser() {
      const tag = randomBytes(5).toString("hex");
      return memory.addUser({ name: "Contract User", username: `u-${tag}`, email: `${tag}@example.com` });
    },
    addPersonalKey: async (userId, keyDigest, scope, expiresAt, audience = null) => memory.addPersonalKey({ userId, scope, audience, createdAt: new Date(), expiresAt }, keyDigest),
    approveScope: async (applicationId, scope) => memory.setScopeApproval(applicationId, scope, true),
    approveServiceAccess: async (applicationId, scope) => memory.setServiceAccess(applicationId, scope, true),
    setGrantTypes: async (applicationId, grantTypes) => memory.setGrantTypes(applicationId, grantTypes),
    async addApi() {
      const api = memory.addApi({ apiId: generateApiId(), name: "Contract API", identifier: `https://api-${randomBytes(4).toString("hex")}.example` });
      const secretDigest = digest(randomBytes(32).toString("base64url"));
      memory.addApiSecretDigest(api.id, secretDigest);
      return { api, secretDigest };
    },
    deleteUser: async (id) => memory.deleteUser(id),
    deleteApplication: async (id) => memory.deleteApplication(id),
    deleteGrant: async (id) => memory.deleteGrant(id),
    revokeGrantAsUser: async (_userId, id, at) => memory.revokeGrantAsUser(id, at),
  };
});
