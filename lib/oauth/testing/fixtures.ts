import { randomBytes } from "node:crypto";
import { checkAuthorizationRequest, decideAuthorization, type SignedInUser } from "@/lib/oauth/authorize";
import type { Clock } from "@/lib/oauth/clock";
import { answerConsent } from "@/lib/oauth/consent";
import type { Lifetimes, OAuthContext } from "@/lib/oauth/context";
import { errorAnswer, type AnswerFields, type ProtocolAnswer, type ProtocolRequest } from "@/lib/oauth/http";
import { Params } from "@/lib/oauth/params";
import { s256 } from "@/lib/oauth/pkce";
import { normalizeResourceUri } from "@/lib/oauth/resource-indicators";
import { DEFAULT_SCOPES } from "@/lib/oauth/scopes";
import { digest, generateApiId, generateClientId, generateSecret } from "@/lib/oauth/secrets";
import type { ClientType, UserClaims } from "@/lib/oauth/storage";
import { MemoryStorage } from "@/lib/oauth/testing/memory-storage";
import { Keyring, wrappingKeyFrom, type SigningKeyStore } from "@/lib/oauth/signing-keys";
import { RequestLimits } from "@/lib/oauth/rate-limits";
import { createRateLimiter } from "@/lib/rate-limit/limiter";
import { POLICY_NAMES, type Budget, type PolicyName } from "@/lib/rate-limit/policies";

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(private current = new Date("2026-01-01T00:00:00Z")) {}
  now() {
    return new Date(this.current);
  }
  advance(seconds: number) {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export const ISSUER = "https://auth.test";
export const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
export const CHALLENGE = s256(VERIFIER);

/** The default lifetimes (DESIGN: Lifetimes). */
export const TEST_LIFETIMES: Lifetimes = {
  codeSeconds: 300,
  personalDataCodeSeconds: 90,
  accessTokenSeconds: 7200,
  refreshTokenSeconds: 30 * 86400,
  refreshAbsoluteSeconds: 90 * 86400,
  idTokenSeconds: 3600,
  serviceTokenSeconds: 3600,
};

/** The key-encryption key of tests. */
export const TEST_WRAPPING_KEY = wrappingKeyFrom("a test key-encryption secret, 32 characters or more");

/** A keyring over `store`, sealing with the tests' key-encryption key. */
export function testKeyring(store: SigningKeyStore, lifetimes: Lifetimes = TEST_LIFETIMES): Keyring {
  return new Keyring(store, () => [TEST_WRAPPING_KEY], lifetimes.idTokenSeconds);
}

export type TestContext = OAuthContext & { clock: FakeClock; memory: MemoryStorage };

/** The caller's address in tests. */
export const TEST_IP = "192.0.2.10";
/** Budgets no behaviour test reaches; the rate-limit tests set their own. */
export const UNREACHED_BUDGETS = Object.fromEntries(POLICY_NAMES.map((name) => [name, { points: 1_000_000, seconds: 60 }])) as Record<PolicyName, Budget>;

/** The protocol core on fresh in-memory storage, a fixed clock, the default scopes and lifetimes, and in-process rate limits. */
export function testContext(clock = new FakeClock(), budgets: Partial<Record<PolicyName, Budget>> = {}): TestContext {
  const memory = new MemoryStorage();
  const { clients, apis, grants, codes, tokens, services, keys, users, signingKeys } = memory;
  const limits = new RequestLimits(createRateLimiter({ kind: "memory" }, { ...UNREACHED_BUDGETS, ...budgets }), TEST_IP);
  return {
    clients,
    apis,
    grants,
    codes,
    tokens,
    services,
    keys,
    users,
    signingKeys,
    keyring: testKeyring(signingKeys),
    memory,
    clock,
    issuer: ISSUER,
    scopes: DEFAULT_SCOPES,
    lifetimes: TEST_LIFETIMES,
    requireAudience: false,
    limits,
    report: {},
  };
}

export type TestClient = { id: string; clientId: string; secret: string | null; secretId: string | null; redirectUris: string[] };

/** A registered app, as the dashboard would store it: a confidential one gets a secret. */
export function givenAClient(ctx: TestContext, type: ClientType = "confidential", redirectUris = ["https://client.example/cb"]): TestClient {
  const client = ctx.memory.addClient({
    clientId: generateClientId(),
    name: "Client App",
    clientType: type,
    redirectUris,
    description: null,
    homepageUrl: null,
    privacyPolicyUrl: null,
    termsUrl: null,
    ownerName: "Owner",
  });
  const secret = type === "confidential" ? generateSecret("clientSecret") : null;
  const secretId = secret ? ctx.memory.addSecretDigest(client.id, digest(secret)).id : null;
  return { id: client.id, clientId: client.clientId, secret, secretId, redirectUris };
}

export type TestApi = { id: string; apiId: string; identifier: string; secret: string; secretId: string };

/** A registered API owning the given scopes (added to the context's catalogue), with one secret. */
export function givenAnApi(ctx: TestContext, scopes: string[], sent = `https://api-${randomBytes(4).toString("hex")}.example`): TestApi {
  // Stored normalised, as the operator area stores it (RFC 8707 compares that form).
  const identifier = normalizeResourceUri(sent) ?? sent;
  const api = ctx.memory.addApi({ apiId: generateApiId(), name: "Test API", identifier });
  ctx.scopes = [...ctx.scopes, ...scopes.map((name) => ({ name, description: `Use ${name}`, personalData: false, restricted: false, api: identifier }))];
  const secret = generateSecret("apiSecret");
  const secretId = ctx.memory.addApiSecretDigest(api.id, digest(secret)).id;
  return { id: api.id, apiId: api.apiId, identifier, secret, secretId };
}

/** A personal API key of the user, as the account page would store it; expiresIn null: never expires. */
export function givenAPersonalKey(ctx: TestContext, userId: string, scope: string, expiresIn: number | null = 30 * 86400, audience: string | null = null) {
  const key = generateSecret("personalKey");
  const now = ctx.clock.now();
  const record = ctx.memory.addPersonalKey({ userId, scope, audience, createdAt: now, expiresAt: expiresIn === null ? null : new Date(now.getTime() + expiresIn * 1000) }, digest(key));
  return { key, id: record.id };
}

export function givenAUser(ctx: TestContext, name = "End User"): UserClaims {
  const tag = randomBytes(5).toString("hex");
  return ctx.memory.addUser({ name, username: `u-${tag}`, email: `${tag}@example.com` });
}

/** The query of an authorization request that passes every check, with overrides. */
export function authorizeQuery(client: TestClient, extra: Record<string, string> = {}, drop: string[] = []): URLSearchParams {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: client.redirectUris[0]!,
    state: "xyz",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
    ...extra,
  });
  for (const name of drop) query.delete(name);
  return query;
}

/** A browser session of this user, signed in `secondsAgo` before the context's clock says. */
export function signedIn(userId: string, ctx: Pick<OAuthContext, "clock">, secondsAgo = 0): SignedInUser {
  return { id: userId, signedInAt: new Date(ctx.clock.now().getTime() - secondsAgo * 1000) };
}

/** Runs authorize and approves on the consent screen; returns the redirect URL's parameters. */
export async function authorizeAndApprove(ctx: OAuthContext, client: TestClient, userId: string, query: Record<string, string> = {}, session = signedIn(userId, ctx)) {
  const search = authorizeQuery(client, query);
  const check = await checkAuthorizationRequest(Params.fromSearch(search), ctx);
  if (check.kind !== "ok") throw new Error(`authorize failed: ${JSON.stringify(check)}`);
  const decision = await decideAuthorization(check.request, session, ctx, search.toString());
  let url: string;
  if (decision.kind === "redirect") url = decision.url;
  else if (decision.kind === "consent") {
    const answer = await answerConsent({ request: decision.handle, decision: "approve" }, userId, ctx);
    if (answer.kind !== "redirect") throw new Error("consent failed");
    url = answer.url;
  } else throw new Error("unexpected sign-in");
  return new URL(url).searchParams;
}

/** A fresh code for a new user of the client (a new confidential client unless one is given). */
export async function givenACode(ctx: TestContext, client?: TestClient, query: Record<string, string> = {}) {
  const c = client ?? givenAClient(ctx);
  const user = givenAUser(ctx);
  const response = await authorizeAndApprove(ctx, c, user.id, query);
  return { client: c, user, code: response.get("code")! };
}

/**
 * A request as the adapters hand it to a handler: header names lowercased, the body as bytes,
 * repeated fields as given (a test that sends one twice joins it, as HTTP does).
 */
export function protocolRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array; clientAddress?: string } = {}): ProtocolRequest {
  const headers: Record<Lowercase<string>, string> = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase() as Lowercase<string>] = value;
  const body = typeof init.body === "string" ? new TextEncoder().encode(init.body) : (init.body ?? new Uint8Array(0));
  return { method: init.method ?? "GET", url, headers, body, clientAddress: init.clientAddress ?? "unknown" };
}

/** The Basic Authorization header of a client (RFC 6749 §2.3.1: id and secret form-encoded first). */
export function basicAuthorization(id: string, secret: string): string {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString("base64")}`;
}

/** A POST to a protocol endpoint, as a client would send it. */
export function tokenRequest(body: Record<string, string>, basic?: { id: string; secret: string }, path = "/oauth/token"): ProtocolRequest {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (basic) headers.Authorization = basicAuthorization(basic.id, basic.secret);
  return protocolRequest(`${ISSUER}${path}`, { method: "POST", headers, body: new URLSearchParams(body).toString() });
}

/** The JSON body of an answer. */
export function jsonOf(answer: ProtocolAnswer): Record<string, unknown> {
  return JSON.parse(typeof answer.body === "string" ? answer.body : new TextDecoder().decode(answer.body)) as Record<string, unknown>;
}

/** Runs a protocol handler as its route would: an OAuthError becomes the error answer. Returns status, fields and JSON body. */
export async function call<C>(handler: (request: ProtocolRequest, ctx: C) => Promise<ProtocolAnswer>, request: ProtocolRequest, ctx: C): Promise<{ status: number; headers: AnswerFields; body: Record<string, unknown> | null }> {
  let answer: ProtocolAnswer;
  try {
    answer = await handler(request, ctx);
  } catch (error) {
    answer = errorAnswer(error);
  }
  const text = typeof answer.body === "string" ? answer.body : new TextDecoder().decode(answer.body);
  return { status: answer.status, headers: answer.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}
