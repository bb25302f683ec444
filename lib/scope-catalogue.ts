import { configuredScopes } from "@/lib/config/scopes";
import { listRegisteredScopes, readCatalogueVersion } from "@/lib/db/registered-apis";
import { mergeCatalogue, type Scope } from "@/lib/oauth/scopes";

/**
 * The scope catalogue as this server sees it: the configured scopes (built-in and file) and the
 * registered APIs' scopes from the database. The catalogue version row is read at most once a
 * second per process (one small query), the scopes again only when it changed: a change in the
 * operator console reaches every instance within about a second, and the protocol endpoints
 * almost never pay for it. The instance that made the change reloads at once.
 */
export const CATALOGUE_POLL_MS = 1000;

type State = { scopes: Scope[] | null; version: number; checkedAt: number; refreshing: Promise<Scope[]> | null };
const globalForCatalogue = globalThis as unknown as { gatehouseCatalogue?: State };

/** `now` is for tests; the server always uses the system clock. */
export async function currentScopeCatalogue(now = Date.now()): Promise<Scope[]> {
  const state = catalogueState();
  if (state.scopes && now - state.checkedAt < CATALOGUE_POLL_MS) return state.scopes;
  // At most one check in flight: the requests arriving meanwhile wait for the same one.
  state.refreshing ??= refresh(state, now).finally(() => (state.refreshing = null));
  return state.refreshing;
}

/** The catalogue as the database holds it now (the console checks new names against it). */
export async function freshScopeCatalogue(): Promise<Scope[]> {
  return refresh(catalogueState(), Date.now());
}

function catalogueState(): State {
  return (globalForCatalogue.gatehouseCatalogue ??= { scopes: null, version: -1, checkedAt: 0, refreshing: null });
}

async function refresh(state: State, now: number): Promise<Scope[]> {
  try {
    const version = await readCatalogueVersion();
    if (version !== state.version || !state.scopes) {
      state.scopes = mergeCatalogue(configuredScopes(), await listRegisteredScopes());
      state.version = version;
    }
  } catch (error) {
    // Before the first load the error is the caller's: at start it stops the server (a scope
    // defined both in the file and in the console is a ScopeFileError naming both; only an edited
    // file can cause it, the console refuses taken names). Later, the catalogue loaded before
    // stays, the error is logged, and the next check is a second away.
    if (!state.scopes) throw error;
    console.error(`gatehouse: the scope catalogue was not reloaded: ${(error as Error).message.split("\n")[0]}`);
  }
  state.checkedAt = now;
  return state.scopes;
}

/** Forgets the loaded catalogue (tests; the console's own changes are picked up by the version row). */
export function resetScopeCatalogue(): void {
  delete globalForCatalogue.gatehouseCatalogue;
}
