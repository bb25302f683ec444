// npm run prune: deletes expired and revoked codes, tokens, consent requests, old personal keys and
// rate-limit counters now (the server also does it every hour). Uses the server's DATABASE_URL.
import { databaseUrl } from "./runtime.mjs";

async function main(): Promise<void> {
  process.env.DATABASE_URL = databaseUrl();
  const { pruneExpired } = await import("@/lib/db/prune");
  const { closeSqlDatabase } = await import("@/lib/db/sql/database");
  const report = await pruneExpired();
  console.log(`prune: deleted ${Object.entries(report).map(([k, v]) => `${v} ${k}`).join(", ")}`);
  await closeSqlDatabase();
}

main().catch((error: unknown) => {
  console.error(`prune: ${(error as Error).message}`);
  process.exit(1);
});
