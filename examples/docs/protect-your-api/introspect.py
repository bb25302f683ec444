import os, requests

def introspect(token):
    response = requests.post(
        "{{introspection_endpoint}}",
        auth=("YOUR_API_ID", os.environ["API_SECRET"]),
        data={"token": token},
        timeout=5,
    )
    response.raise_for_status()
    return response.json()  # {'active': True, 'scope': 'notes.read', 'aud': ..., 'sub': ...}
