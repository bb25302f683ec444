# A service's own token: the app's credentials, no user (client credentials grant)
curl -X POST '{{token_endpoint}}' \
  -u 'YOUR_CLIENT_ID:YOUR_CLIENT_SECRET' \
  -d grant_type=client_credentials \
  --data-urlencode 'resource=https://notes.example.com/' \
  -d scope=notes.read

# {"access_token":"gat_...","token_type":"Bearer","expires_in":3600,"scope":"notes.read"}
# No refresh_token: ask again when it expires.
