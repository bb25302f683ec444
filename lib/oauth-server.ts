import { config } from "@/lib/config/env";
import { scopeCatalogue } from "@/lib/config/scopes";
import { prismaStorage } from "@/lib/db/oauth-storage";
import { hotPathStorage } from "@/lib/db/sql/connection";
import { systemClock } from "@/lib/oauth/clock";
import type { OAuthContext } from "@/lib/oauth/context";

/**
 * The protocol core as this server runs it: the storage contracts on the configured database
 * (the protocol endpoints' hot path as prepared SQL, grants and consent on Prisma), the system
 * clock, the configured issuer, scopes and lifetimes. Routes, pages and server actions get their
 * OAuthContext here; tests build their own (lib/oauth/testing).
 */
export function oauthContext(): OAuthContext {
  const { issuer, lifetimes } = config();
  return { ...prismaStorage, ...hotPathStorage(), clock: systemClock, issuer, scopes: scopeCatalogue(), lifetimes };
}
