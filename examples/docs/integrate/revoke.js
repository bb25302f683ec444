await fetch("{{revocation_endpoint}}", {
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: basicAuth },
  body: new URLSearchParams({ token: refreshToken }),
}); // always 200 and {} for a token of yours, even one already revoked
