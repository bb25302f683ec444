curl '{{userinfo_endpoint}}' \
  -H 'Authorization: Bearer ACCESS_TOKEN'
