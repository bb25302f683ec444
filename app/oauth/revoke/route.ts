import { oauthContext } from "@/lib/oauth-server";
import { protocolRoute } from "@/lib/oauth/http";
import { handleRevocationRequest } from "@/lib/oauth/revoke";

export const dynamic = "force-dynamic";

const route = protocolRoute({ POST: (request) => handleRevocationRequest(request, oauthContext()) }, { cors: true });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route;
