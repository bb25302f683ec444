# What your API answers (RFC 6750 §3), each challenge with resource_metadata (RFC 9728 §5.1):
# no token:               401  Bearer resource_metadata="https://notes.example.com/.well-known/oauth-protected-resource"
# active: false, or aud
# without your API:       401  Bearer resource_metadata="...", error="invalid_token"
# scope missing:          403  Bearer resource_metadata="...", error="insufficient_scope", scope="notes.write"
curl -H 'Authorization: Bearer THE_BEARER_TOKEN' https://notes.example.com/notes
