import { config } from "@/lib/config/env";
import { loadScopeCatalogue, type Scope } from "@/lib/oauth/scopes";

// One copy per process, shared by Next's bundle and the HTTP front's (server/front.ts).
const globalForScopes = globalThis as unknown as { gatehouseScopes?: Scope[] };

/** This server's scope catalogue: the defaults plus GATEHOUSE_SCOPES_FILE, read once. */
export function scopeCatalogue(): Scope[] {
  globalForScopes.gatehouseScopes ??= loadScopeCatalogue(config().scopesFile);
  return globalForScopes.gatehouseScopes;
}
