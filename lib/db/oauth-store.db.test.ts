import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { prismaStore } from "@/lib/db/oauth-store";
import { createTestUser } from "@/lib/testing/fixtures";
import { givenAClient } from "@/lib/testing/oauth";

describe("prismaStore.saveGrant", () => {
  it("creates one grant and loses no scope when approvals race", async () => {
    const client = await givenAClient();
    const at = new Date();
    for (let round = 0; round < 5; round++) {
      const user = await createTestUser();
      const saved = await Promise.all(
        ["email user.read", "profile user.read", "email profile user.read", "user.read"].map((scope) => prismaStore.saveGrant(user.id, client.id, scope, at)),
      );
      expect(new Set(saved.map((g) => g.id)).size).toBe(1);
      expect(await db().grant.findMany({ where: { userId: user.id }, select: { scope: true } })).toEqual([{ scope: "email profile user.read" }]);
    }
  });
});
