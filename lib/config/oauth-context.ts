import { config } from "@/lib/config/env";
import { scopeCatalogue } from "@/lib/config/scopes";
import { prismaStore } from "@/lib/db/oauth-store";
import { systemClock } from "@/lib/oauth/clock";
import type { OAuthContext } from "@/lib/oauth/context";

/** The protocol core wired to this server: Prisma storage, the system clock, the configured issuer and scopes. */
export function oauthContext(): OAuthContext {
  const { issuer, lifetimes } = config();
  return { store: prismaStore, clock: systemClock, issuer, scopes: scopeCatalogue(), lifetimes };
}
