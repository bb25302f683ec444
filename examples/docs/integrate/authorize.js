const url = new URL("{{authorization_endpoint}}");
url.search = new URLSearchParams({
  response_type: "code",
  client_id: "YOUR_CLIENT_ID",
  redirect_uri: "https://app.example.com/callback",
  scope: "user.read profile",
  state, // random, kept in the user's session
  code_challenge: codeChallenge,
  code_challenge_method: "{{code_challenge_method}}",
}).toString();
// redirect the browser to url.href
