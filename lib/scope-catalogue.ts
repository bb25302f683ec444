import { configuredScopes } from "@/lib/config/scopes";
import { listRegisteredScopes, readCatalogueVersion } from "@/lib/db/registered-apis";
import { mergeCatalogue, ScopeFileError, type Scope } from "@/lib/oauth/scopes";

/**
 * The scope catalogue as this server sees it: the configured scopes (built-in and file) and the
 * registered APIs' scopes from the database. The catalogue version row is read at most once a
 * second per process; the scopes are read again only when it changed, so a change in the
 * operator console reaches every instance within about a second and the protocol endpoints
 * almost never pay for it.
 */
export const CATALOGUE_POLL_MS = 1000;

type State = { scopes: Scope[] | null; version: number; checkedAt: number; refreshing: Promise<Scope[]> | null };
const globalForCatalogue = globalThis as unknown as { gatehouseCatalogue?: State };

export async function currentScopeCatalogue(): Promise<Scope[]> {
  const state = (globalForCatalogue.gatehouseCatalogue ??= { scopes: null, version: -1, checkedAt: 0, refreshing: null });
  if (state.scopes && Date.now() - state.checkedAt < CATALOGUE_POLL_MS) return state.scopes;
  state.refreshing ??= refresh(state).finally(() => (state.refreshing = null));
  // Once loaded, requests never wait for the poll: they use the catalogue of a second ago.
  return state.scopes ?? state.refreshing;
}

/** The catalogue as the database holds it now (the console checks new names against it). */
export async function freshScopeCatalogue(): Promise<Scope[]> {
  const state = (globalForCatalogue.gatehouseCatalogue ??= { scopes: null, version: -1, checkedAt: 0, refreshing: null });
  return refresh(state);
}

async function refresh(state: State): Promise<Scope[]> {
  const version = await readCatalogueVersion();
  if (version !== state.version || !state.scopes) {
    const registered = await listRegisteredScopes();
    try {
      state.scopes = mergeCatalogue(configuredScopes(), registered);
    } catch (error) {
      // Only an edited scope file can clash with the console (it refuses taken names): at start
      // that stops the server; later, the catalogue loaded before stays and the clash is logged.
      if (!(error instanceof ScopeFileError) || !state.scopes) throw error;
      console.error(`gatehouse: ${error.message}`);
    }
    state.version = version;
  }
  state.checkedAt = Date.now();
  return state.scopes!;
}

/** Forgets the loaded catalogue (tests; the console's own changes are picked up by the version row). */
export function resetScopeCatalogue(): void {
  delete globalForCatalogue.gatehouseCatalogue;
}
