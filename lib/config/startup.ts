import { config } from "@/lib/config/env";
import { configuredScopes } from "@/lib/config/scopes";
import { ScopeFileError } from "@/lib/oauth/scopes";
import { currentScopeCatalogue } from "@/lib/scope-catalogue";

/**
 * A bad environment variable or scope file stops the server at start, with a message naming
 * it, instead of failing on the first request; so does a scope defined both in the scope file
 * and by a registered API. A database that cannot be read yet is left to the health check.
 */
export async function checkStartupConfiguration(): Promise<void> {
  try {
    // next-auth would sign sessions with a secret derived from public values in development:
    // every start path has the configured or generated secret (npm start and npm run dev make one).
    if (!config().nextAuthSecret) {
      throw new Error("NEXTAUTH_SECRET is not set: start with npm start or npm run dev (they generate one into .gatehouse-secret), or set it");
    }
    configuredScopes();
    warnAboutPlainHttp(config().issuer, config().nodeEnv);
    await currentScopeCatalogue().catch((error: unknown) => {
      if (error instanceof ScopeFileError) throw error;
      console.warn(`gatehouse: the scope catalogue could not be read from the database yet (${(error as Error).message.split("\n")[0]})`);
    });
  } catch (error) {
    console.error(`gatehouse: ${(error as Error).message}`);
    process.exit(1);
  }
}

/** A production server reached over plain http leaks every token and secret: said loudly at start. */
export function warnAboutPlainHttp(issuer: string, nodeEnv: string): boolean {
  const { protocol, hostname } = new URL(issuer);
  const loopback = hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
  if (nodeEnv !== "production" || protocol !== "http:" || loopback) return false;
  console.warn(
    [
      "gatehouse: WARNING ===========================================================",
      `gatehouse: GATEHOUSE_ISSUER is ${issuer}: plain http on a non-loopback host.`,
      "gatehouse: Client secrets, codes and tokens will cross the network unencrypted.",
      "gatehouse: Serve Gatehouse over https and set GATEHOUSE_ISSUER to the https URL.",
      "gatehouse: =================================================================",
    ].join("\n"),
  );
  return true;
}
