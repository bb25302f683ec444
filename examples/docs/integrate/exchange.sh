curl -X POST '{{token_endpoint}}' \
  -u 'YOUR_CLIENT_ID:YOUR_CLIENT_SECRET' \
  -d 'grant_type=authorization_code' \
  --data-urlencode 'code=CODE_FROM_THE_CALLBACK' \
  --data-urlencode 'redirect_uri=https://app.example.com/callback' \
  --data-urlencode 'code_verifier=CODE_VERIFIER'
