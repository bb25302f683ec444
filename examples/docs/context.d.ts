// What each JavaScript sample takes from the steps before it, or from the integrator's own code;
// declared here so that the samples stay as short as the docs show them (tsconfig.json).

/** From "Make a PKCE verifier and challenge". */
declare const codeVerifier: string;
declare const codeChallenge: string;
/** Random, kept in the user's session. */
declare const state: string;
/** From the callback. */
declare const code: string;
declare const callbackUrl: string;
/** The app's credentials, from its dashboard page. */
declare const clientId: string;
declare const clientSecret: string;
/** "Basic " and the form-encoded client_id:client_secret in base64 (RFC 6749 §2.3.1). */
declare const basicAuth: string;
/** From the token endpoint's answer. */
declare const accessToken: string;
declare const refreshToken: string;
declare const storedRefreshToken: string;
/** The integrator's own storage of a grant's tokens. */
declare function storeTokens(tokens: unknown): Promise<void>;
/** "Protect your API": the introspect function of the sample before the middleware. */
declare function introspect(token: string): Promise<{ active: boolean; scope: string; aud?: string | string[]; sub?: string }>;
