// npm run operator -- add EMAIL | remove EMAIL: grants or takes the operator role of an existing
// account (the only way to do either). Uses the same DATABASE_URL as the server.
import { databaseUrl } from "./runtime.mjs";

const USAGE = "usage: npm run operator -- add EMAIL | remove EMAIL";

async function main(): Promise<number> {
  const [command, email, ...rest] = process.argv.slice(2);
  if ((command !== "add" && command !== "remove") || !email || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  process.env.DATABASE_URL = databaseUrl();
  const { setOperatorRole } = await import("@/lib/operator/roles");
  const result = await setOperatorRole(email, command === "add" ? "operator" : "user");
  if (!result.ok) {
    console.error(`operator: ${result.error}`);
    return 1;
  }
  const role = command === "add" ? "is an operator" : "is no longer an operator";
  console.log(`operator: ${email.trim().toLowerCase()} ${role}${result.changed ? "" : " (unchanged)"}${command === "add" ? "; the Operator area is at /operator" : ""}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`operator: ${(error as Error).message}`);
    process.exit(1);
  },
);
