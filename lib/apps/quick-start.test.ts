import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { freshQuickStartPkce, quickStartFor, quickStartStateApp, quickStartVerifier, shellQuote, testCallbackUrl } from "@/lib/apps/quick-start";

const SECRET = "s".repeat(40);
const APP_ID = "cm0appid0000000000000001";

describe("quickStartFor", () => {
  const app = { clientId: "abc123", clientType: "confidential", redirectUris: ["https://app.example/cb?x=1", "https://other.example/cb"] };
  const pkce = freshQuickStartPkce(APP_ID, SECRET);

  it("builds the authorize URL on this server's issuer with the first redirect URI, a real state and a real S256 challenge", () => {
    const url = new URL(quickStartFor(app, "https://auth.example.com", pkce).authorizeUrl);
    expect(url.origin + url.pathname).toBe("https://auth.example.com/oauth/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "abc123",
      redirect_uri: "https://app.example/cb?x=1",
      scope: "user.read",
      state: pkce.state,
      code_challenge: pkce.challenge,
      code_challenge_method: "S256",
    });
    // RFC 7636 §4.1–4.2: a 43-character unreserved verifier whose base64url SHA-256 is the challenge.
    expect(pkce.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createHash("sha256").update(pkce.verifier).digest("base64url")).toBe(pkce.challenge);
    expect(quickStartFor(app, "https://auth.example.com", pkce).tokenCurl).toContain(`code_verifier=${pkce.verifier}`);
  });

  it("makes a fresh pair each time, with a verifier only the server's secret derives from the state", () => {
    const other = freshQuickStartPkce(APP_ID, SECRET);
    expect(other.state).not.toBe(pkce.state);
    expect(other.verifier).not.toBe(pkce.verifier);
    expect(quickStartVerifier(pkce.state, SECRET)).toBe(pkce.verifier);
    expect(quickStartVerifier(pkce.state, "t".repeat(40))).not.toBe(pkce.verifier);
  });

  it("binds the state to its app with a MAC only the server's secret makes", () => {
    expect(pkce.state).toMatch(/^[\x20-\x7e]+$/); // RFC 6749 Appendix A.5: VSCHARs
    expect(quickStartStateApp(pkce.state, SECRET)).toBe(APP_ID);
    expect(quickStartStateApp(pkce.state, "t".repeat(40))).toBeNull();
    const [, nonce, mac] = pkce.state.split(".");
    expect(quickStartStateApp(`cm0otherapp0000000000001.${nonce}.${mac}`, SECRET)).toBeNull();
    expect(quickStartStateApp(`${APP_ID}.${nonce}x.${mac}`, SECRET)).toBeNull();
    expect(quickStartStateApp(`${APP_ID}.${nonce}.${mac!.slice(0, -1)}`, SECRET)).toBeNull();
    for (const other of ["", "abc", "a.b.c", `${pkce.state}.x`, "Re-enter your password at https://evil.example"]) expect(quickStartStateApp(other, SECRET)).toBeNull();
  });

  it("ends on the test callback once it is registered, and says which slot it holds", () => {
    const issuer = "https://auth.example.com";
    const before = quickStartFor(app, issuer, pkce);
    expect(before).toMatchObject({ testCallbackSlot: null, canAddTestCallback: true, redirectUri: "https://app.example/cb?x=1" });
    const withCallback = { ...app, redirectUris: [...app.redirectUris, testCallbackUrl(issuer)] };
    const after = quickStartFor(withCallback, issuer, pkce);
    expect(after).toMatchObject({ testCallbackSlot: 3, canAddTestCallback: false, redirectUri: "https://auth.example.com/dashboard/test-callback" });
    expect(new URL(after.authorizeUrl).searchParams.get("redirect_uri")).toBe("https://auth.example.com/dashboard/test-callback");
    const full = { ...app, redirectUris: [...app.redirectUris, "https://third.example/cb"] };
    expect(quickStartFor(full, issuer, pkce).canAddTestCallback).toBe(false);
  });

  it("says where it shows refresh that the previous access token ends at once, and what a client does about it", () => {
    const advice = quickStartFor(app, "https://auth.example.com", pkce).refreshGuidance.join(" ");
    expect(advice).toMatch(/ends the previous ones at once: a request still carrying the previous access token gets 401 with error="invalid_token"/);
    expect(advice).toMatch(/Refresh when a request gets 401 with error="invalid_token" .*or shortly before expires_in runs out/);
    expect(advice).toMatch(/Serialize refreshes per grant/);
    expect(advice).toMatch(/switch every user of the previous access token \(requests in flight/);
    expect(advice).not.toMatch(/before the access token expires/);
  });

  it("authenticates a confidential client with Basic reading $CLIENT_SECRET, and a public one with its client_id", () => {
    const confidential = quickStartFor(app, "http://localhost:3000", pkce);
    expect(confidential.tokenCurl).toContain("curl -X POST 'http://localhost:3000/oauth/token'");
    expect(confidential.tokenCurl).toContain('-u "abc123:$CLIENT_SECRET"');
    expect(confidential.refreshCurl).toContain('-u "abc123:$CLIENT_SECRET"');
    expect(confidential.tokenCurl).toContain("--data-urlencode 'redirect_uri=https://app.example/cb?x=1'");
    const pub = quickStartFor({ ...app, clientType: "public" }, "http://localhost:3000", pkce);
    expect(pub.tokenCurl).toContain("--data-urlencode 'client_id=abc123'");
    expect(pub.tokenCurl).not.toContain("SECRET");
  });

  it("points at the metadata document", () => {
    expect(quickStartFor(app, "https://auth.example.com", pkce).metadataUrl).toBe("https://auth.example.com/.well-known/oauth-authorization-server");
  });
});

describe("the quick start's shell commands", () => {
  it("reach the program with every value as it is, whatever the redirect URI holds, and the secret from the environment", () => {
    const nasty = "https://app.example/cb?a=1&b=$(touch /tmp/x);c='d' `e`";
    const pkce = freshQuickStartPkce(APP_ID, SECRET);
    const { tokenCurl } = quickStartFor({ clientId: "abc123", clientType: "confidential", redirectUris: [nasty] }, "https://auth.example.com", pkce);
    // The command as a POSIX shell splits it, with printf standing in for curl.
    const words = execFileSync("sh", ["-c", tokenCurl.replace(/^curl /, "printf '%s\\n' ")], { env: { ...process.env, CLIENT_SECRET: "gsec_from_env" } })
      .toString()
      .trimEnd()
      .split("\n");
    expect(words).toEqual([
      "-X",
      "POST",
      "https://auth.example.com/oauth/token",
      "-u",
      "abc123:gsec_from_env",
      "-d",
      "grant_type=authorization_code",
      "--data-urlencode",
      "code=CODE_FROM_THE_CALLBACK",
      "--data-urlencode",
      `redirect_uri=${nasty}`,
      "--data-urlencode",
      `code_verifier=${pkce.verifier}`,
    ]);
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });
});
