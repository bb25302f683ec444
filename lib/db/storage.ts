import { prismaGrantStore } from "@/lib/db/grants";
import { hotPathStorage } from "@/lib/db/sql/connection";
import type { OAuthStorage } from "@/lib/oauth/storage";

/** Every storage contract on the configured database: the hot path as prepared SQL, grants and consent on Prisma. */
export function databaseStorage(): OAuthStorage {
  return { grants: prismaGrantStore, ...hotPathStorage() };
}
