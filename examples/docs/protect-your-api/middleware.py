def require_scope(authorization_header, scope):
    parts = (authorization_header or "").split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        return 401, {"WWW-Authenticate": 'Bearer realm="notes"'}
    token = introspect(parts[1])
    if not token["active"] or token.get("aud") != "https://notes.example.com":
        return 401, {"WWW-Authenticate": 'Bearer realm="notes", error="invalid_token"'}
    if scope not in token["scope"].split():
        return 403, {"WWW-Authenticate": f'Bearer realm="notes", error="insufficient_scope", scope="{scope}"'}
    return 200, token  # token["sub"] is the user
