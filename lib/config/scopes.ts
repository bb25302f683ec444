import { config } from "@/lib/config/env";
import { loadScopeCatalogue, type Scope } from "@/lib/oauth/scopes";

let cached: Scope[] | undefined;

/** This server's scope catalogue: the defaults plus GATEHOUSE_SCOPES_FILE, read once. */
export function scopeCatalogue(): Scope[] {
  cached ??= loadScopeCatalogue(config().scopesFile);
  return cached;
}
