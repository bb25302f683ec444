curl -X POST '{{token_endpoint}}' \
  -u 'YOUR_CLIENT_ID:YOUR_CLIENT_SECRET' \
  -d 'grant_type=refresh_token' \
  --data-urlencode 'refresh_token=REFRESH_TOKEN'
