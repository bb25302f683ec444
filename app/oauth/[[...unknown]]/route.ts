import { unknownEndpointDescription } from "@/lib/oauth/endpoints";
import { unknownEndpointRoute } from "@/lib/oauth/http";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = unknownEndpointRoute(unknownEndpointDescription);
