import { PROTOCOL_ROUTES } from "@/lib/oauth-server";
import { ENDPOINT_PATHS } from "@/lib/oauth/endpoints";

export const dynamic = "force-dynamic";

// In production the HTTP front (server/front.ts) serves this path itself; `next dev` comes here.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = PROTOCOL_ROUTES[ENDPOINT_PATHS.token];
