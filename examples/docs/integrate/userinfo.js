const response = await fetch("{{userinfo_endpoint}}", {
  headers: { Authorization: `Bearer ${accessToken}` },
});
const user = await response.json(); // { sub, name?, preferred_username?, email?, email_verified? }
