const response = await fetch("{{introspection_endpoint}}", {
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: basicAuth },
  body: new URLSearchParams({ token: accessToken }),
});
const { active, scope, exp } = await response.json(); // active: false for anything not live and yours
