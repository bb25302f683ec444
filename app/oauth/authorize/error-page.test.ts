import { describe, expect, it } from "vitest";
import { authorizeErrorAnswer } from "@/app/oauth/authorize/error-page";
import type { AuthorizationStop } from "@/app/oauth/authorize/error-wording";
import { jsonAnswer, protocolRoute } from "@/lib/oauth/http";
import { protocolRequest } from "@/lib/oauth/testing/fixtures";
import { DATA_CSP, STATIC_PAGE_CSP } from "@/lib/security-headers";

const client = { id: "app1", name: "Acme <Notes>", redirectUris: ["https://a.example/cb", "https://b.example/cb"] };

describe("the authorization error page", () => {
  it("shows the site header, the reason in words and the value received, escaped", async () => {
    const response = await authorizeErrorAnswer({ kind: "error_page", reason: "unregistered_redirect_uri", client, received: 'https://evil.example/"><script>x</script>' });
    expect(response.status).toBe(400);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.headers["referrer-policy"]).toBe("no-referrer");
    expect(response.headers["content-security-policy"]).toBe("default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    const html = response.body;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("<title>Redirect URI not registered · Gatehouse</title>");
    expect(html).toContain('<nav aria-label="Main"');
    expect(html).toContain("The redirect_uri received (below) is not registered for Acme &lt;Notes&gt;");
    // The received URI appears once, in the block of the value received, never inside Gatehouse's sentence.
    expect(html.split("https://evil.example/").length).toBe(2);
    expect(html).toMatch(/<pre[^>]*>https:\/\/evil\.example\//);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;");
  });

  it.each<[AuthorizationStop, string]>([
    [{ kind: "error_page", reason: "missing_client_id" }, "Invalid authorization request"],
    [{ kind: "error_page", reason: "unknown_client", received: "nope" }, "Unknown application"],
    [{ kind: "error_page", reason: "missing_redirect_uri", client }, "Missing redirect URI"],
    [{ kind: "error_page", reason: "consent_expired" }, "This request is no longer valid"],
    [{ kind: "error_page", reason: "signed_out" }, "You are signed out"],
  ])("words %o", async (stop, title) => {
    const html = (await authorizeErrorAnswer(stop)).body;
    expect(html).toContain(`<h1 class="text-xl font-bold text-red-800">${title}</h1>`);
  });

  it("says how many redirect URIs the app has when it cannot choose, and how long a consent screen stays open", async () => {
    expect((await authorizeErrorAnswer({ kind: "error_page", reason: "missing_redirect_uri", client })).body).toContain("Acme &lt;Notes&gt; has 2 registered redirect URIs");
    expect((await authorizeErrorAnswer({ kind: "error_page", reason: "consent_expired" })).body).toContain("requests stay open for 10 minutes");
  });

  it("answers an unknown client with 404 and a way on, and offers the app's developer its settings", async () => {
    const unknown = await authorizeErrorAnswer({ kind: "error_page", reason: "unknown_client", received: "nope" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('href="/dashboard"');
    const forOwner = await authorizeErrorAnswer({ kind: "error_page", reason: "unregistered_redirect_uri", client, received: "https://x.example/cb" }, { settingsUrl: "/dashboard/apps/app1#settings" });
    expect(forOwner.status).toBe(400);
    expect(forOwner.body).toContain('You are this app&#x27;s developer: <a href="/dashboard/apps/app1#settings"');
    const forOthers = (await authorizeErrorAnswer({ kind: "error_page", reason: "unregistered_redirect_uri", client, received: "https://x.example/cb" })).body;
    expect(forOthers).not.toContain("/dashboard/apps/");
  });

  it("keeps the policy that lets its stylesheet load when the authorization route answers with it", async () => {
    // The route wraps its answers as every protocol route does (app/oauth/authorize/route.ts).
    const page = protocolRoute({ GET: () => authorizeErrorAnswer({ kind: "error_page", reason: "missing_client_id" }) }, { cors: false });
    const response = await page.GET(protocolRequest("http://localhost:3000/oauth/authorize"));
    expect(response.headers["content-security-policy"]).toBe(STATIC_PAGE_CSP);
    expect(response.headers["x-frame-options"]).toBe("DENY");
    expect(response.headers["referrer-policy"]).toBe("no-referrer");
    // A JSON answer of the same kind of route still allows nothing.
    const data = protocolRoute({ GET: async () => jsonAnswer({}) }, { cors: false });
    expect((await data.GET(protocolRequest("http://localhost:3000/x"))).headers["content-security-policy"]).toBe(DATA_CSP);
  });

  it("answers a cross-site consent decision with 403", async () => {
    expect((await authorizeErrorAnswer({ kind: "error_page", reason: "cross_site_decision" }, { status: 403 })).status).toBe(403);
  });
});

describe("an error for the app, shown to a signed-out visitor", () => {
  it("names the app and the host it would go to, with a link the visitor may follow", async () => {
    const continueUrl = "https://client.example/cb?error=invalid_scope&error_description=scope+names+a+scope&state=s&iss=https%3A%2F%2Fauth.test";
    const response = await authorizeErrorAnswer({ kind: "error_page", reason: "error_for_visitor", client: { name: "Acme <Notes>" }, continueUrl });
    expect(response.status).toBe(400);
    const html = response.body;
    expect(html).toContain("Acme &lt;Notes&gt; sent an invalid request");
    expect(html).toContain("instead of sending you on to client.example");
    expect(html).toContain("invalid_scope: scope names a scope");
    expect(html).toContain(`href="${continueUrl.replace(/&/g, "&amp;")}"`);
    expect(html).toContain("Continue to client.example");
  });
});

describe("the error page's reference", () => {
  it("shows the request's id, escaped, so a support request can be matched with the request log", async () => {
    const request = { headers: { "x-request-id": "0b6f6c1e-8d0a-4a57-9a39-2f1d5b7c9e41" } };
    const html = (await authorizeErrorAnswer({ kind: "error_page", reason: "missing_client_id" }, { request })).body;
    expect(html).toContain("Reference for a support request: <code");
    expect(html).toContain("0b6f6c1e-8d0a-4a57-9a39-2f1d5b7c9e41");
    expect((await authorizeErrorAnswer({ kind: "error_page", reason: "missing_client_id" })).body).not.toContain("Reference for a support request");
  });
});
