import { oauthContext } from "@/lib/oauth-server";
import { protocolRoute } from "@/lib/oauth/http";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";

export const dynamic = "force-dynamic";

const route = protocolRoute({ POST: (request) => handleTokenRequest(request, oauthContext()) }, { cors: true });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route;
