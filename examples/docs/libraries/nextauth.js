// next-auth 4: a custom OAuth provider, for calling APIs (to sign users in with Auth.js 5, see "Sign in with Gatehouse").
// Register https://app.example.com/api/auth/callback/gatehouse as a redirect URI.
/** @type {import("next-auth").AuthOptions} */
export const authOptions = {
  providers: [
    {
      id: "gatehouse",
      name: "Gatehouse",
      type: "oauth",
      issuer: "{{issuer}}", // checked against iss on the callback (RFC 9207)
      authorization: { url: "{{authorization_endpoint}}", params: { scope: "user.read profile email" } },
      token: "{{token_endpoint}}",
      userinfo: "{{userinfo_endpoint}}",
      checks: ["pkce", "state"],
      clientId: process.env.GATEHOUSE_CLIENT_ID,
      clientSecret: process.env.GATEHOUSE_CLIENT_SECRET,
      profile: (p) => ({ id: p.sub, name: p.name ?? p.preferred_username, email: p.email ?? null }),
    },
  ],
};
