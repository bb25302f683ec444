from urllib.parse import urlencode

url = "{{authorization_endpoint}}?" + urlencode({
    "response_type": "code",
    "client_id": "YOUR_CLIENT_ID",
    "redirect_uri": "https://app.example.com/callback",
    "scope": "user.read profile",
    "state": state,  # random, kept in the user's session
    "code_challenge": code_challenge,
    "code_challenge_method": "{{code_challenge_method}}",
})
