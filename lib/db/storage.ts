import { hotPathStorage } from "@/lib/db/sql/connection";
import type { OAuthStorage } from "@/lib/oauth/storage";

/** Every storage contract on the configured database, each store from its entity's module (lib/db/sql/oauth-storage.ts). */
export function databaseStorage(): OAuthStorage {
  return hotPathStorage();
}
