import { afterAll } from "vitest";
import { prismaStorage } from "@/lib/db/oauth-storage";
import { closeHotPathStorage, hotPathStorage } from "@/lib/db/sql/connection";
import { describeStorageContract } from "@/lib/oauth/testing/storage-contract";
import { databaseHarness } from "@/lib/testing/storage-harness";

afterAll(closeHotPathStorage);

// The server's storage: the hot path's prepared SQL, with grants and consent on Prisma. Every
// statement runs against the migrated schema here, so SQL that drifts from it fails.
describeStorageContract("SQL hot path", async () => databaseHarness({ ...prismaStorage, ...hotPathStorage() }));
