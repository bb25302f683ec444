curl -X POST '{{introspection_endpoint}}' \
  -u 'YOUR_CLIENT_ID:YOUR_CLIENT_SECRET' \
  --data-urlencode 'token=ACCESS_OR_REFRESH_TOKEN'
