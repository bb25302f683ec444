const response = await fetch("{{token_endpoint}}", {
  method: "POST",
  headers: {
    "Content-Type": "application/x-www-form-urlencoded",
    Authorization: "Basic " + btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`),
  },
  body: new URLSearchParams({
    grant_type: "authorization_code",
    code,
    redirect_uri: "https://app.example.com/callback",
    code_verifier: codeVerifier,
  }),
});
const tokens = await response.json(); // access_token, refresh_token, expires_in, scope
