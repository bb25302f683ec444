IDENTIFIER = "https://notes.example.com/"  # as registered (the operator area shows it)
CHALLENGE = 'Bearer resource_metadata="https://notes.example.com/.well-known/oauth-protected-resource"'

def require_scope(authorization_header, scope):
    parts = (authorization_header or "").split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        return 401, {"WWW-Authenticate": CHALLENGE}
    token = introspect(parts[1])
    aud = token.get("aud", [])
    audience = aud if isinstance(aud, list) else [aud]  # one API: a string; more: a list
    if not token["active"] or IDENTIFIER not in audience:
        return 401, {"WWW-Authenticate": f'{CHALLENGE}, error="invalid_token"'}
    if scope not in token["scope"].split():
        return 403, {"WWW-Authenticate": f'{CHALLENGE}, error="insufficient_scope", scope="{scope}"'}
    return 200, token  # token["sub"] is the user, or the app's client_id for a service token
