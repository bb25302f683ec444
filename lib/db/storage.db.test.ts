import { afterAll } from "vitest";
import { closeHotPathStorage } from "@/lib/db/sql/connection";
import { databaseStorage } from "@/lib/db/storage";
import { describeStorageContract } from "@/lib/oauth/testing/storage-contract";
import { databaseHarness } from "@/lib/testing/storage-harness";

afterAll(closeHotPathStorage);

// The server's storage, held to the same contract as the in-memory one, on this run's database
// (SQLite, or PostgreSQL in CI). Every statement of the hot path runs against the migrated
// schema here, so SQL that drifts from prisma/schema.prisma fails.
describeStorageContract("database", async () => databaseHarness(databaseStorage()));
