import { HEALTH_PATHS, HEALTH_ROUTES } from "@/lib/health";
import { routeFile } from "@/lib/route-file";

export const dynamic = "force-dynamic";

// In production the HTTP front (server/front.ts) serves this path itself; `next dev` comes here.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeFile(HEALTH_ROUTES[HEALTH_PATHS.liveness]!);
