info = requests.post(
    "{{introspection_endpoint}}",
    auth=(CLIENT_ID, CLIENT_SECRET),
    data={"token": access_token},
).json()
if not info["active"]:
    ...  # expired, revoked, or not this app's
