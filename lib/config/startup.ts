import { config } from "@/lib/config/env";
import { scopeCatalogue } from "@/lib/config/scopes";

/**
 * A bad environment variable or scope file stops the server at start, with a message naming
 * it, instead of failing on the first request.
 */
export function checkStartupConfiguration(): void {
  try {
    config();
    scopeCatalogue();
  } catch (error) {
    console.error(`gatehouse: ${(error as Error).message}`);
    process.exit(1);
  }
}
