import { oauthContext } from "@/lib/oauth-server";
import { protocolRoute } from "@/lib/oauth/http";
import { handleIntrospectionRequest } from "@/lib/oauth/introspect";

export const dynamic = "force-dynamic";

// Server to server only: no CORS.
const route = protocolRoute({ POST: (request) => handleIntrospectionRequest(request, oauthContext()) }, { cors: false });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route;
