// Auth.js v5 (next-auth 5 or @auth/core): Gatehouse as an OpenID Connect provider, by its issuer alone.
// Register https://app.example.com/api/auth/callback/gatehouse as a redirect URI.
// Auth.js reads AUTH_SECRET from the environment.
export const authConfig = {
  providers: [
    {
      id: "gatehouse",
      name: "Gatehouse",
      type: "oidc",
      issuer: "{{issuer}}",
      clientId: process.env.AUTH_GATEHOUSE_ID,
      clientSecret: process.env.AUTH_GATEHOUSE_SECRET,
    },
  ],
};
// In Next.js: export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
