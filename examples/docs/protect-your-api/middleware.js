async function requireScope(req, res, scope) {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  const challenge = (extra = "") => `Bearer realm="notes"${extra}`;
  if (!match) return res.writeHead(401, { "WWW-Authenticate": challenge() }).end(), null;
  const token = await introspect(match[1]);
  if (!token.active || token.aud !== "https://notes.example.com")
    return res.writeHead(401, { "WWW-Authenticate": challenge(', error="invalid_token"') }).end(), null;
  if (!token.scope.split(" ").includes(scope))
    return res.writeHead(403, { "WWW-Authenticate": challenge(`, error="insufficient_scope", scope="${scope}"`) }).end(), null;
  return token; // token.sub is the user
}
