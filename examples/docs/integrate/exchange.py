import requests

tokens = requests.post(
    "{{token_endpoint}}",
    auth=(CLIENT_ID, CLIENT_SECRET),
    data={
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": "https://app.example.com/callback",
        "code_verifier": code_verifier,
    },
).json()
