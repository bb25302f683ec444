with refresh_lock:  # one refresh at a time per grant
    tokens = requests.post(
        "{{token_endpoint}}",
        auth=(CLIENT_ID, CLIENT_SECRET),
        data={"grant_type": "refresh_token", "refresh_token": stored_refresh_token},
    ).json()
    # Store both now: the previous access token and refresh token stop working at once.
    store_tokens(tokens)
