import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { quickStartFor, shellQuote } from "@/lib/apps/quick-start";

describe("quickStartFor", () => {
  const app = { clientId: "abc123", clientType: "confidential", redirectUris: ["https://app.example/cb?x=1", "https://other.example/cb"] };

  it("builds the authorize URL on this server's issuer with the first redirect URI, a state and a PKCE challenge", () => {
    const url = new URL(quickStartFor(app, "https://auth.example.com").authorizeUrl);
    expect(url.origin + url.pathname).toBe("https://auth.example.com/oauth/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "abc123",
      redirect_uri: "https://app.example/cb?x=1",
      scope: "user.read",
      state: "RANDOM_STATE",
      code_challenge: "BASE64URL_SHA256_OF_CODE_VERIFIER",
      code_challenge_method: "S256",
    });
  });

  it("authenticates a confidential client with Basic and a public one with its client_id", () => {
    const confidential = quickStartFor(app, "http://localhost:3000");
    expect(confidential.tokenCurl).toContain("curl -X POST 'http://localhost:3000/oauth/token'");
    expect(confidential.tokenCurl).toContain("-u 'abc123:YOUR_CLIENT_SECRET'");
    expect(confidential.tokenCurl).toContain("--data-urlencode 'redirect_uri=https://app.example/cb?x=1'");
    const pub = quickStartFor({ ...app, clientType: "public" }, "http://localhost:3000");
    expect(pub.tokenCurl).toContain("--data-urlencode 'client_id=abc123'");
    expect(pub.tokenCurl).not.toContain("SECRET");
  });

  it("points at the metadata document", () => {
    expect(quickStartFor(app, "https://auth.example.com").metadataUrl).toBe("https://auth.example.com/.well-known/oauth-authorization-server");
  });
});

describe("the quick start's shell commands", () => {
  it("reach the program with every value as it is, whatever the redirect URI holds", () => {
    const nasty = "https://app.example/cb?a=1&b=$(touch /tmp/x);c='d' `e`";
    const { tokenCurl } = quickStartFor({ clientId: "abc123", clientType: "confidential", redirectUris: [nasty] }, "https://auth.example.com");
    // The command as a POSIX shell splits it, with printf standing in for curl.
    const words = execFileSync("sh", ["-c", tokenCurl.replace(/^curl /, "printf '%s\\n' ")]).toString().trimEnd().split("\n");
    expect(words).toEqual([
      "-X",
      "POST",
      "https://auth.example.com/oauth/token",
      "-u",
      "abc123:YOUR_CLIENT_SECRET",
      "-d",
      "grant_type=authorization_code",
      "--data-urlencode",
      "code=CODE_FROM_THE_CALLBACK",
      "--data-urlencode",
      `redirect_uri=${nasty}`,
      "--data-urlencode",
      "code_verifier=YOUR_CODE_VERIFIER",
    ]);
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });
});
