curl -X POST '{{revocation_endpoint}}' \
  -u 'YOUR_CLIENT_ID:YOUR_CLIENT_SECRET' \
  --data-urlencode 'token=REFRESH_TOKEN'
