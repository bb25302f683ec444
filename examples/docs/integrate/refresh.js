// One refresh at a time per grant: callers that come meanwhile wait for the same answer.
let refreshing = null;
function refreshTokens() {
  refreshing ??= fetch("{{token_endpoint}}", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: basicAuth },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: storedRefreshToken }),
  })
    .then(async (response) => {
      const tokens = await response.json();
      if (!response.ok) throw new Error(tokens.error_description);
      // Store both now: the previous access token and refresh token stop working at once.
      await storeTokens(tokens);
      return tokens;
    })
    .finally(() => { refreshing = null; });
  return refreshing;
}
