// The production server: one Node process on one port. The HTTP front (server/front-server.ts)
// answers the protocol endpoints itself, by calling the same plain-data handlers the route files
// serve through lib/route-file.ts, and hands every other request to Next's request handler
// (Next's custom-server mode). Measured: Next's per-request pipeline alone held the metadata
// route to a fraction of the peer's throughput (docs/PERFORMANCE.md). Bundled by
// scripts/build-front.mjs; `npm start` runs it, `next dev` keeps serving the route files.
import next from "next";
import { setClientAddress } from "@/lib/client-ip";
import { config } from "@/lib/config/env";
import { checkStartupConfiguration } from "@/lib/config/startup";
import { schedulePruning } from "@/lib/db/prune";
import { PROTOCOL_ROUTES } from "@/lib/oauth-server";
import { ENDPOINT_PATHS } from "@/lib/oauth/endpoints";
import { currentScopeCatalogue } from "@/lib/scope-catalogue";
import { transportSecurityFor } from "@/lib/security-headers";
import { createFrontServer, publicFiles, type ProtocolRoute } from "./front-server";

async function main(): Promise<void> {
  await checkStartupConfiguration();
  schedulePruning();
  const { root, trustProxy, issuer, maxConnectionsPerAddress } = config();
  const port = Number(process.env.PORT || 3000);
  const hostname = process.env.HOST || undefined;
  const app = next({ dev: false, dir: root, hostname, port });
  const handleWithNext = app.getRequestHandler();
  await app.prepare();

  const server = createFrontServer({
    origin: new URL(issuer).origin,
    routes: new Map<string, ProtocolRoute>(Object.entries(PROTOCOL_ROUTES)),
    metadataPath: ENDPOINT_PATHS.metadata,
    // The catalogue is one object while it stays the same: the front keeps the metadata answer made from it.
    metadataVersion: currentScopeCatalogue,
    files: publicFiles(root),
    handleWithNext,
    onRequest: (req) => setClientAddress(req.headers, req.socket.remoteAddress ?? "", trustProxy),
    headers: transportSecurityFor(issuer),
    // Behind trusted proxies every connection comes from a proxy: no cap on their addresses.
    maxConnectionsPerAddress: trustProxy > 0 ? 0 : maxConnectionsPerAddress,
  });
  server.listen(port, hostname, () => console.log(`gatehouse: listening on http://${hostname ?? "localhost"}:${port}`));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => server.close(() => process.exit(0)));
  }
}

main().catch((error: unknown) => {
  console.error(`gatehouse: ${(error as Error).message}`);
  process.exit(1);
});
