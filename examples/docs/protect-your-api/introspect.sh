# Your API's credentials from the Operator area: API ID and API secret
curl -X POST '{{introspection_endpoint}}' \
  -u 'YOUR_API_ID:YOUR_API_SECRET' \
  --data-urlencode 'token=THE_BEARER_TOKEN'

# {"active":true,"scope":"notes.read","aud":"https://notes.example.com/","client_id":"...",
#  "sub":"...","token_type":"Bearer","gatehouse_token_kind":"app","exp":...}
# (and username when the token carries profile)
