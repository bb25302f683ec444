/**
 * Complete response bodies, as the endpoints send them (a test holds their members to the real
 * responses): what a client parses, with every member present.
 */
export function responseExamples(issuer: string): Record<"token" | "userinfo" | "introspection" | "inactive" | "error", string> {
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  return {
    token: json({
      access_token: "gat_3kQ0tY7mV1xH9bN2cR5wZ8aL4pE6sD0fG2hJ7kM9qU1",
      token_type: "Bearer",
      expires_in: 7200,
      refresh_token: "grt_Vb8nM2xQ5wE1rT7yU3iO9pA4sD6fG0hJ2kL8zX5cV1b",
      scope: "email profile user.read",
    }),
    userinfo: json({ sub: "clx7q2w3e0000abcd1234efgh", name: "Ada Lovelace", preferred_username: "ada", email: "ada@example.com", email_verified: false }),
    introspection: json({
      active: true,
      scope: "email profile user.read",
      client_id: "Xk3mQ9vB2nL7pR4tW8yZ1cF5",
      username: "ada",
      token_type: "Bearer",
      exp: 1767225600,
      iat: 1767218400,
      sub: "clx7q2w3e0000abcd1234efgh",
      iss: issuer,
      gatehouse_token_kind: "app",
    }),
    inactive: json({ active: false }),
    error: json({ error: "invalid_grant", error_description: "refresh_token was already used; as a precaution every token of this grant is now revoked" }),
  };
}
