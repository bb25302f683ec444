import { createApplication } from "@/lib/apps/applications";
import { prismaStore } from "@/lib/db/oauth-store";
import { answerConsent, checkAuthorizationRequest, decideAuthorization } from "@/lib/oauth/authorize";
import type { Clock } from "@/lib/oauth/clock";
import type { OAuthContext } from "@/lib/oauth/context";
import { Params } from "@/lib/oauth/params";
import { s256 } from "@/lib/oauth/pkce";
import { loadScopeCatalogue } from "@/lib/oauth/scopes";
import { createTestUser } from "@/lib/testing/fixtures";

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

export function testContext(clock = new FakeClock()): OAuthContext & { clock: FakeClock } {
  return {
    store: prismaStore,
    clock,
    issuer: ISSUER,
    scopes: loadScopeCatalogue(undefined),
    lifetimes: {
      codeSeconds: 300,
      personalDataCodeSeconds: 90,
      accessTokenSeconds: 7200,
      refreshTokenSeconds: 30 * 86400,
      refreshAbsoluteSeconds: 90 * 86400,
    },
  };
}

export type TestClient = { id: string; clientId: string; secret: string | null; redirectUris: string[] };

export async function givenAClient(
  type: "confidential" | "public" = "confidential",
  redirectUris = ["https://client.example/cb"],
): Promise<TestClient> {
  const owner = await createTestUser("Owner");
  const result = await createApplication(owner.id, { name: "Client App", clientType: type, redirectUris });
  if (!result.ok) throw new Error(`could not create the client: ${JSON.stringify(result)}`);
  return { id: result.id, clientId: result.clientId, secret: result.clientSecret, redirectUris };
}

/** Runs authorize and approves on the consent screen; returns the redirect URL's parameters. */
export async function authorizeAndApprove(ctx: OAuthContext, client: TestClient, userId: string, query: Record<string, string> = {}) {
  const params = Params.fromSearch(
    new URLSearchParams({
      response_type: "code",
      client_id: client.clientId,
      redirect_uri: client.redirectUris[0]!,
      state: "xyz",
      code_challenge: CHALLENGE,
      code_challenge_method: "S256",
      ...query,
    }),
  );
  const check = await checkAuthorizationRequest(params, ctx);
  if (check.kind !== "ok") throw new Error(`authorize failed: ${JSON.stringify(check)}`);
  const decision = await decideAuthorization(check.request, userId, ctx);
  let url: string;
  if (decision.kind === "redirect") url = decision.url;
  else if (decision.kind === "consent") {
    const answer = await answerConsent(decision.handle, userId, true, ctx);
    if (answer.kind !== "redirect") throw new Error("consent failed");
    url = answer.url;
  } else throw new Error("unexpected sign-in");
  return new URL(url).searchParams;
}

export async function givenACode(ctx: OAuthContext, client?: TestClient, query: Record<string, string> = {}) {
  const c = client ?? (await givenAClient());
  const user = await createTestUser("End User");
  const response = await authorizeAndApprove(ctx, c, user.id, query);
  return { client: c, user, code: response.get("code")! };
}

/** A POST to the token endpoint, as a client would send it. */
export function tokenRequest(body: Record<string, string>, basic?: { id: string; secret: string }, path = "/oauth/token"): Request {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (basic) {
    const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
    headers.Authorization = `Basic ${Buffer.from(`${encode(basic.id)}:${encode(basic.secret)}`).toString("base64")}`;
  }
  return new Request(`${ISSUER}${path}`, { method: "POST", headers, body: new URLSearchParams(body).toString() });
}
