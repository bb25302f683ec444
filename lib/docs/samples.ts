import { shellQuote } from "@/lib/apps/quick-start";
import { endpointsFor } from "@/lib/oauth/endpoints";
import { PKCE_METHOD } from "@/lib/oauth/pkce";
import authorizeJs from "@/examples/docs/integrate/authorize.js?raw";
import authorizePy from "@/examples/docs/integrate/authorize.py?raw";
import authorizeUrl from "@/examples/docs/integrate/authorize.url?raw";
import exchangeJs from "@/examples/docs/integrate/exchange.js?raw";
import exchangePy from "@/examples/docs/integrate/exchange.py?raw";
import exchangeSh from "@/examples/docs/integrate/exchange.sh?raw";
import introspectJs from "@/examples/docs/integrate/introspect.js?raw";
import introspectPy from "@/examples/docs/integrate/introspect.py?raw";
import introspectSh from "@/examples/docs/integrate/introspect.sh?raw";
import pkceJs from "@/examples/docs/integrate/pkce.js?raw";
import pkcePy from "@/examples/docs/integrate/pkce.py?raw";
import pkceSh from "@/examples/docs/integrate/pkce.sh?raw";
import refreshJs from "@/examples/docs/integrate/refresh.js?raw";
import refreshPy from "@/examples/docs/integrate/refresh.py?raw";
import refreshSh from "@/examples/docs/integrate/refresh.sh?raw";
import revokeJs from "@/examples/docs/integrate/revoke.js?raw";
import revokePy from "@/examples/docs/integrate/revoke.py?raw";
import revokeSh from "@/examples/docs/integrate/revoke.sh?raw";
import userinfoJs from "@/examples/docs/integrate/userinfo.js?raw";
import userinfoPy from "@/examples/docs/integrate/userinfo.py?raw";
import userinfoSh from "@/examples/docs/integrate/userinfo.sh?raw";
import authlibPy from "@/examples/docs/libraries/authlib.py?raw";
import nextauthJs from "@/examples/docs/libraries/nextauth.js?raw";
import oauth4webapiJs from "@/examples/docs/libraries/oauth4webapi.js?raw";
import signInAuthjsJs from "@/examples/docs/sign-in/authjs.js?raw";
import signInAuthlibPy from "@/examples/docs/sign-in/authlib.py?raw";
import signInOpenidClientJs from "@/examples/docs/sign-in/openid-client.js?raw";
import signInSpringYml from "@/examples/docs/sign-in/spring.yml?raw";
import apiIntrospectJs from "@/examples/docs/protect-your-api/introspect.js?raw";
import apiIntrospectPy from "@/examples/docs/protect-your-api/introspect.py?raw";
import apiIntrospectSh from "@/examples/docs/protect-your-api/introspect.sh?raw";
import middlewareJs from "@/examples/docs/protect-your-api/middleware.js?raw";
import middlewarePy from "@/examples/docs/protect-your-api/middleware.py?raw";
import middlewareSh from "@/examples/docs/protect-your-api/middleware.sh?raw";
import serviceJs from "@/examples/docs/protect-your-api/service.js?raw";
import servicePy from "@/examples/docs/protect-your-api/service.py?raw";
import serviceSh from "@/examples/docs/protect-your-api/service.sh?raw";

/**
 * The docs' code samples: files under examples/docs, read into the build (the ?raw imports), in
 * which {{name}} stands for a value of this server. The names are those of the metadata document
 * (RFC 8414 §2) where it has one. What is in capitals (YOUR_CLIENT_ID, CODE_VERIFIER, ...) and
 * https://app.example.com are the integrator's own and stay as written.
 */
export type Language = "shell" | "url" | "javascript" | "python" | "yaml";
export type Sample = { language: Language; source: string };
/** One step of the docs in the three tabs the page shows: curl (a shell command, or the URL to open), JavaScript, Python. */
export type Example = { curl: string; javascript: string; python: string };
export type LibraryExample = { oauth4webapi: string; nextauth: string; authlib: string };
/** "Sign in with Gatehouse": the tested configurations, and Spring Security's properties (not tested here). */
export type SignInExample = { authjs: string; openidClient: string; authlib: string; spring: string };

const sh = (source: string): Sample => ({ language: "shell", source });
const url = (source: string): Sample => ({ language: "url", source });
const js = (source: string): Sample => ({ language: "javascript", source });
const py = (source: string): Sample => ({ language: "python", source });
const yaml = (source: string): Sample => ({ language: "yaml", source });

/** Every sample, by page, step and tab. */
export const SAMPLES = {
  integrate: {
    pkce: { curl: sh(pkceSh), javascript: js(pkceJs), python: py(pkcePy) },
    authorize: { curl: url(authorizeUrl), javascript: js(authorizeJs), python: py(authorizePy) },
    exchange: { curl: sh(exchangeSh), javascript: js(exchangeJs), python: py(exchangePy) },
    refresh: { curl: sh(refreshSh), javascript: js(refreshJs), python: py(refreshPy) },
    userinfo: { curl: sh(userinfoSh), javascript: js(userinfoJs), python: py(userinfoPy) },
    revoke: { curl: sh(revokeSh), javascript: js(revokeJs), python: py(revokePy) },
    introspect: { curl: sh(introspectSh), javascript: js(introspectJs), python: py(introspectPy) },
  },
  libraries: { oauth4webapi: js(oauth4webapiJs), nextauth: js(nextauthJs), authlib: py(authlibPy) },
  signIn: { authjs: js(signInAuthjsJs), openidClient: js(signInOpenidClientJs), authlib: py(signInAuthlibPy), spring: yaml(signInSpringYml) },
  protectYourApi: {
    introspect: { curl: sh(apiIntrospectSh), javascript: js(apiIntrospectJs), python: py(apiIntrospectPy) },
    middleware: { curl: sh(middlewareSh), javascript: js(middlewareJs), python: py(middlewarePy) },
    service: { curl: sh(serviceSh), javascript: js(serviceJs), python: py(servicePy) },
  },
} as const satisfies Record<string, Record<string, Sample | Record<keyof Example, Sample>>>;

/** What each {{name}} of a sample stands for on this server. */
export function sampleValues(issuer: string): Record<string, string> {
  const e = endpointsFor(issuer);
  return {
    issuer,
    authorization_endpoint: e.authorization,
    token_endpoint: e.token,
    revocation_endpoint: e.revocation,
    introspection_endpoint: e.introspection,
    userinfo_endpoint: e.userinfo,
    metadata_url: e.metadata,
    openid_configuration: e.openidConfiguration,
    jwks_uri: e.jwks,
    end_session_endpoint: e.endSession,
    code_challenge_method: PKCE_METHOD,
  };
}

/** '{{name}}' in a shell sample (quoted there so the file parses the same) or {{name}} anywhere. */
const MARKER = /'\{\{(\w+)\}\}'|\{\{(\w+)\}\}/g;

/** A sample as the page shows it: each {{name}} filled in, a quoted one shell-quoted as a whole. */
export function fillSample({ language, source }: Sample, values: Record<string, string>): string {
  return source.replace(/\n$/, "").replace(MARKER, (whole, quoted: string | undefined, bare: string | undefined) => {
    const name = (quoted ?? bare)!;
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) throw new Error(`a docs sample has {{${name}}}, which is no value of this server`);
    if (quoted === undefined) return value;
    return language === "shell" ? shellQuote(value) : `'${value}'`;
  });
}

function filled<K extends string>(samples: Record<K, Sample>, values: Record<string, string>): Record<K, string> {
  return Object.fromEntries(Object.entries<Sample>(samples).map(([key, sample]) => [key, fillSample(sample, values)])) as Record<K, string>;
}

/** The integrator guide's steps, with this server's URLs. */
export function integratorExamples(issuer: string): Record<keyof typeof SAMPLES.integrate, Example> {
  const values = sampleValues(issuer);
  const steps = Object.entries(SAMPLES.integrate).map(([step, tabs]) => [step, filled<keyof Example>(tabs, values)]);
  return Object.fromEntries(steps) as Record<keyof typeof SAMPLES.integrate, Example>;
}

/** Configurations for client libraries people already use, with this server's URLs. */
export function libraryExamples(issuer: string): LibraryExample {
  return filled(SAMPLES.libraries, sampleValues(issuer));
}

/** "Sign in with Gatehouse": OpenID Connect configurations, with this server's URLs. */
export function signInExamples(issuer: string): SignInExample {
  return filled(SAMPLES.signIn, sampleValues(issuer));
}

/** The samples of "Protect your API": an operator's API validating a bearer token by introspection, and a service getting a token of its own. */
export function apiExamples(issuer: string): Record<keyof typeof SAMPLES.protectYourApi, Example> {
  const values = sampleValues(issuer);
  const steps = Object.entries(SAMPLES.protectYourApi).map(([step, tabs]) => [step, filled<keyof Example>(tabs, values)]);
  return Object.fromEntries(steps) as Record<keyof typeof SAMPLES.protectYourApi, Example>;
}
