import { unknownEndpointDescription } from "@/lib/oauth/endpoints";
import { unknownEndpointRoute } from "@/lib/oauth/http";
import { routeFile } from "@/lib/route-file";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeFile(unknownEndpointRoute(unknownEndpointDescription));
