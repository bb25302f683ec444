import { afterAll, inject } from "vitest";
import { cloneTemplate } from "./test-databases";

// Runs before each database test file: point DATABASE_URL at a fresh copy of the template.
process.env.DATABASE_URL = await cloneTemplate(inject("baseUrl") || undefined, inject("templateUrl"));
// The server's secret, as the start script makes sure there is one: the signing keys' key-encryption key derives from it.
process.env.NEXTAUTH_SECRET ??= "a database tests' server secret, 32 characters or more";

afterAll(async () => {
  const { db } = await import("@/lib/testing/prisma");
  const { closeHotPathStorage } = await import("@/lib/db/sql/connection");
  await db().$disconnect();
  await closeHotPathStorage();
});
