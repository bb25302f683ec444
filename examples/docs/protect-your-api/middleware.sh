# What your API answers (RFC 6750 §3):
# no token:            401  WWW-Authenticate: Bearer realm="notes"
# active: false:       401  WWW-Authenticate: Bearer realm="notes", error="invalid_token"
# scope missing:       403  WWW-Authenticate: Bearer realm="notes", error="insufficient_scope", scope="notes.write"
curl -H 'Authorization: Bearer THE_BEARER_TOKEN' https://notes.example.com/notes
