requests.post(
    "{{revocation_endpoint}}",
    auth=(CLIENT_ID, CLIENT_SECRET),
    data={"token": refresh_token},
)
