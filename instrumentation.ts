/** Runs once when the server starts (Node.js runtime only). */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkStartupConfiguration } = await import("@/lib/config/startup");
    await checkStartupConfiguration();
    const { schedulePruning } = await import("@/lib/db/prune");
    schedulePruning();
  }
}
