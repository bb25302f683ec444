// Another Gatehouse process, for the tests: renames an app through the server's own entity
// module on its own connection to DATABASE_URL, then exits.
//   tsx lib/testing/rename-app-elsewhere.ts OWNER_ID APP_ID NEW_NAME
import { updateOwnedApplication } from "@/lib/db/applications";
import { closeSqlDatabase } from "@/lib/db/sql/database";

async function main(): Promise<void> {
  const [ownerId, appId, name] = process.argv.slice(2) as [string, string, string];
  const fields = { name, description: null, homepageUrl: null, privacyPolicyUrl: null, termsUrl: null };
  const renamed = await updateOwnedApplication(ownerId, appId, fields, ["https://client.example/cb"]);
  await closeSqlDatabase();
  if (!renamed) throw new Error("no such app of that owner");
}

main().catch((error: unknown) => {
  console.error(`rename-app-elsewhere: ${(error as Error).message}`);
  process.exit(1);
});
