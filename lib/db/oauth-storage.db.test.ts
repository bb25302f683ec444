import { prismaStorage } from "@/lib/db/oauth-storage";
import { describeStorageContract } from "@/lib/oauth/testing/storage-contract";
import { databaseHarness } from "@/lib/testing/storage-harness";

// The same contract as the in-memory storage, on this run's database (SQLite, or PostgreSQL in CI).
describeStorageContract("Prisma", async () => databaseHarness(prismaStorage));
