import { config } from "@/lib/config/env";
import { loadScopeCatalogue, type Scope } from "@/lib/oauth/scopes";

// One copy per process, shared by Next's bundle and the HTTP front's (server/front.ts).
const globalForScopes = globalThis as unknown as { gatehouseScopes?: Scope[] };

/**
 * The configured scopes: the built-in ones plus GATEHOUSE_SCOPES_FILE, read once. The whole
 * catalogue, with the registered APIs' scopes, is lib/scope-catalogue.ts.
 */
export function configuredScopes(): Scope[] {
  globalForScopes.gatehouseScopes ??= loadScopeCatalogue(config().scopesFile);
  return globalForScopes.gatehouseScopes;
}
