/**
 * Runs once when the server starts: a bad environment variable or scope file stops the start
 * with a message naming it, instead of failing on the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { config } = await import("@/lib/config/env");
  const { scopeCatalogue } = await import("@/lib/config/scopes");
  try {
    config();
    scopeCatalogue();
  } catch (error) {
    console.error(`gatehouse: ${(error as Error).message}`);
    process.exit(1);
  }
}
