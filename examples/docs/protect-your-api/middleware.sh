# What your API answers (RFC 6750 §3, with RFC 9728 §5.1's resource_metadata):
# no token:                401  WWW-Authenticate: Bearer resource_metadata="https://notes.example.com/.well-known/oauth-protected-resource"
# active: false, or aud
# without your identifier: 401  WWW-Authenticate: Bearer resource_metadata="...", error="invalid_token"
# scope missing:           403  WWW-Authenticate: Bearer resource_metadata="...", error="insufficient_scope", scope="notes.write"
curl -H 'Authorization: Bearer THE_BEARER_TOKEN' https://notes.example.com/notes
