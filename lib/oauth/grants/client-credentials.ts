import { z } from "zod";
import { addSeconds } from "@/lib/oauth/clock";
import type { OAuthContext } from "@/lib/oauth/context";
import { invalidScope, invalidTarget, unauthorizedClient } from "@/lib/oauth/errors";
import { optionalParam, repeatedParam } from "@/lib/oauth/params";
import { catalogueApis, parseResources, shownResource, UNKNOWN_RESOURCE } from "@/lib/oauth/resource-indicators";
import { describeScopeRefusal, formatScope, parseScope, type Scope } from "@/lib/oauth/scopes";
import { digest, generateSecret } from "@/lib/oauth/secrets";
import type { Client } from "@/lib/oauth/storage";
import type { ServiceTokenResponse } from "@/lib/oauth/token-pair";

export const grantType = "client_credentials";

/** The token request parameters of this grant (RFC 6749 §4.4.2, RFC 8707 §2.2). */
export const parameters = z.object({
  scope: optionalParam("scope"),
  resource: repeatedParam("resource"),
});
export type ClientCredentialsParams = z.output<typeof parameters>;

/**
 * The API scopes an app may put in its own tokens: those an operator approved for it (service
 * access), as far as the catalogue still has them. Read at every use, so a revoked approval ends
 * the tokens that carry it.
 */
export function serviceScopesOf(client: Pick<Client, "serviceScopes">, catalogue: readonly Scope[]): string[] {
  const api = new Map(catalogue.map((s) => [s.name, s.api]));
  return client.serviceScopes.filter((s) => api.get(s) != null);
}

const listed = (scopes: readonly string[]) => `${scopes.join(", ")} ${scopes.length === 1 ? "is" : "are"}`;

/**
 * An access token for the app itself (RFC 6749 §4.4): no user, no refresh token, one API. The
 * scope defaults to every scope approved for the app at that API (RFC 6749 §3.3: the default is
 * documented, docs "Protect your API"); the API is the resource sent, or the one API the scopes
 * belong to.
 */
export async function issueServiceToken(client: Client, params: ClientCredentialsParams, ctx: OAuthContext): Promise<ServiceTokenResponse> {
  // RFC 6749 §4.4: only a client that authenticates; a public app has nothing to prove it is itself.
  if (client.clientType !== "confidential") throw unauthorizedClient("client_credentials is for confidential apps only: a public app has no secret to authenticate with");
  const owner = new Map(ctx.scopes.map((s) => [s.name, s.api]));
  const parsed = params.scope === undefined ? [] : parseScope(params.scope, ctx.scopes, { base: false });
  if (!parsed) throw invalidScope(describeScopeRefusal(params.scope, ctx.scopes));
  const userScopes = parsed.filter((s) => owner.get(s) == null);
  if (userScopes.length > 0) throw invalidScope(`${listed(userScopes)} for a user's token: a service token has no user, so it carries only API scopes`);
  const requested = parsed.length > 0 ? parsed : null;
  const available = serviceScopesOf(client, ctx.scopes);

  const resources = parseResources(params.resource, new Set(catalogueApis(ctx.scopes).keys()), UNKNOWN_RESOURCE);
  if (resources.length > 1) throw invalidTarget("a service token is for one API: send resource once");
  let resource = resources[0];
  if (resource === undefined) {
    const apis = [...new Set((requested ?? available).map((s) => owner.get(s)!))];
    if (apis.length === 0) throw invalidScope("no API scope is approved for this app's own tokens: its developer requests service access on the app's dashboard page");
    if (apis.length > 1) throw invalidTarget(`resource is required: the scopes belong to several APIs (${apis.map(shownResource).join(", ")}); send resource with the one this token is for`);
    resource = apis[0]!;
  }

  const stray = (requested ?? []).filter((s) => owner.get(s) !== resource);
  if (stray.length > 0) throw invalidScope(`${listed(stray)} not a scope of ${shownResource(resource)}, the API this token is for`);
  const unapproved = (requested ?? []).filter((s) => !available.includes(s));
  if (unapproved.length > 0) {
    throw invalidScope(`${listed(unapproved)} not approved for this app's own tokens: its developer requests service access on the app's dashboard page, and an operator approves it`);
  }
  const scope = requested ?? available.filter((s) => owner.get(s) === resource);
  if (scope.length === 0) throw invalidScope(`no scope of ${shownResource(resource)} is approved for this app's own tokens: its developer requests service access on the app's dashboard page`);

  const token = generateSecret("accessToken");
  const now = ctx.clock.now();
  const seconds = ctx.lifetimes.serviceTokenSeconds;
  await ctx.services.issueServiceToken(digest(token), { applicationId: client.id, scope: formatScope(scope), audience: resource, expiresAt: addSeconds(now, seconds) }, now);
  return { access_token: token, token_type: "Bearer", expires_in: seconds, scope: formatScope(scope) };
}
