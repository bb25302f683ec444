# pip install authlib requests
import os
from authlib.integrations.requests_client import OAuth2Session

session = OAuth2Session("YOUR_CLIENT_ID", os.environ["CLIENT_SECRET"], scope="notes.read")

def fetch_service_token():
    # There is no refresh token: call this again when the token expires (token.is_expired()).
    return session.fetch_token(
        "{{token_endpoint}}",
        grant_type="client_credentials",
        resource="https://notes.example.com/",
    )

token = fetch_service_token()
notes = session.get("https://notes.example.com/notes")  # sends Authorization: Bearer
