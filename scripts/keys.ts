// npm run keys -- list | rotate [RS256|ES256] | rewrap: the ID token signing keys
// (docs/DEPLOYMENT.md, "Signing keys"). Uses the server's DATABASE_URL and secrets.
import { databaseUrl } from "./runtime.mjs";

const USAGE = "usage: npm run keys -- list | rotate [RS256|ES256] | rewrap";

async function main(args: string[]): Promise<void> {
  process.env.DATABASE_URL = databaseUrl();
  const [command, ...rest] = args;
  const { serverKeyring } = await import("@/lib/oauth-server");
  const { config } = await import("@/lib/config/env");
  const { keyState, KEY_ACTIVATION_SECONDS, JWKS_MAX_AGE_SECONDS } = await import("@/lib/oauth/signing-keys");
  const { ID_TOKEN_ALGS } = await import("@/lib/oauth/storage");
  const { databaseStorage } = await import("@/lib/db/storage");
  const { closeSqlDatabase } = await import("@/lib/db/sql/database");
  const keyring = serverKeyring();
  const now = new Date();
  try {
    if (command === "list") {
      await keyring.ensureKeys(now);
      const keys = await databaseStorage().signingKeys.listSigningKeys();
      for (const key of keys) {
        const state = keyState(key, keys, config().lifetimes.idTokenSeconds, now);
        console.log(
          `${key.alg}  ${key.kid}  generation ${key.generation}  ${state}  made ${key.createdAt.toISOString()}  signs from ${key.activatesAt.toISOString()}${key.retiresAt ? `  retires ${key.retiresAt.toISOString()}` : ""}`,
        );
      }
    } else if (command === "rotate") {
      const algs = rest.length === 0 ? ID_TOKEN_ALGS : rest;
      for (const alg of algs) if (!(ID_TOKEN_ALGS as readonly string[]).includes(alg)) throw new Error(`${alg} is not an ID token algorithm Gatehouse signs with; use ${ID_TOKEN_ALGS.join(" or ")}`);
      await keyring.ensureKeys(now);
      for (const alg of algs as typeof ID_TOKEN_ALGS[number][]) {
        const key = await keyring.rotate(alg, now);
        console.log(
          `keys: ${alg} key ${key.kid} is published now and signs from ${key.activatesAt.toISOString()} (${KEY_ACTIVATION_SECONDS / 60} min: twice the JWKS max-age of ${JWKS_MAX_AGE_SECONDS} s); the key it replaces stays published until its last ID token expires`,
        );
      }
    } else if (command === "rewrap") {
      const moved = await keyring.rewrap();
      console.log(moved === 0 ? "keys: every key is already sealed with the current key-encryption key" : `keys: ${moved} key(s) sealed again with the current key-encryption key; GATEHOUSE_KEY_SECRET_PREVIOUS is no longer needed for them`);
    } else {
      throw new Error(USAGE);
    }
  } finally {
    await closeSqlDatabase();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`keys: ${(error as Error).message}`);
  process.exit(1);
});
