user = requests.get(
    "{{userinfo_endpoint}}",
    headers={"Authorization": f"Bearer {access_token}"},
).json()
