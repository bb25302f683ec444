import { oauthContext } from "@/lib/oauth-server";
import { protocolRoute } from "@/lib/oauth/http";
import { handleUserinfoRequest } from "@/lib/oauth/userinfo";

export const dynamic = "force-dynamic";

const handle = (request: Request) => handleUserinfoRequest(request, oauthContext());
const route = protocolRoute({ GET: handle, POST: handle }, { cors: true });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route;
