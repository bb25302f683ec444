const IDENTIFIER = "https://notes.example.com/"; // as registered (the operator area shows it)
const METADATA = "https://notes.example.com/.well-known/oauth-protected-resource";

async function requireScope(req, res, scope) {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  const challenge = (extra = "") => `Bearer resource_metadata="${METADATA}"${extra}`;
  if (!match) return res.writeHead(401, { "WWW-Authenticate": challenge() }).end(), null;
  const token = await introspect(match[1]);
  const audience = [token.aud ?? []].flat(); // one API: a string; more: an array
  if (!token.active || !audience.includes(IDENTIFIER))
    return res.writeHead(401, { "WWW-Authenticate": challenge(', error="invalid_token"') }).end(), null;
  if (!token.scope.split(" ").includes(scope))
    return res.writeHead(403, { "WWW-Authenticate": challenge(`, error="insufficient_scope", scope="${scope}"`) }).end(),
      null;
  return token; // token.sub is the user, or the app's client_id for a service token
}
