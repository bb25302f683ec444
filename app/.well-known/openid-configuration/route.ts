import { PROTOCOL_ROUTES } from "@/lib/oauth-server";
import { ENDPOINT_PATHS } from "@/lib/oauth/endpoints";
import { routeFile } from "@/lib/route-file";

export const dynamic = "force-dynamic";

// In production the HTTP front (server/front.ts) serves this path itself; `next dev` comes here,
// through the same handlers.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeFile(PROTOCOL_ROUTES[ENDPOINT_PATHS.openidConfiguration]);
