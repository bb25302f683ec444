import { oauthContext } from "@/lib/oauth-server";
import { protocolRoute } from "@/lib/oauth/http";
import { handleMetadataRequest } from "@/lib/oauth/metadata";

export const dynamic = "force-dynamic";

const route = protocolRoute({ GET: () => handleMetadataRequest(oauthContext()) }, { cors: true });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route;
