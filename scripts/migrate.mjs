// npm run db:deploy: apply pending migrations to the configured database.
import { databaseUrl, migrate } from "./runtime.mjs";

migrate(databaseUrl()).catch((error) => {
  console.error(`gatehouse: ${error.message}`);
  process.exit(1);
});
