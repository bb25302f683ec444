import { describe, expect, it } from "vitest";
import { integratorExamples } from "@/lib/docs/examples";

describe("integratorExamples", () => {
  it("uses this server's endpoints in every language", () => {
    const examples = integratorExamples("https://auth.example.com");
    expect(examples.exchange.curl).toContain("curl -X POST https://auth.example.com/oauth/token");
    expect(examples.exchange.javascript).toContain('fetch("https://auth.example.com/oauth/token"');
    expect(examples.exchange.python).toContain('"https://auth.example.com/oauth/token"');
    expect(examples.userinfo.curl).toContain("https://auth.example.com/oauth/userinfo");
    expect(examples.revoke.python).toContain("https://auth.example.com/oauth/revoke");
    expect(examples.authorize.javascript).toContain("https://auth.example.com/oauth/authorize");
    const all = JSON.stringify(examples);
    expect(all).not.toContain("localhost");
  });
});

describe("apiExamples", () => {
  it("introspects at this server's endpoint with the API's credentials in every language", async () => {
    const { apiExamples } = await import("@/lib/docs/examples");
    const examples = apiExamples("https://auth.example.com");
    for (const sample of Object.values(examples.introspect)) expect(sample).toMatch(/YOUR_API_ID|discoveryRequest/);
    expect(examples.introspect.curl).toContain("curl -X POST https://auth.example.com/oauth/introspect");
    expect(examples.introspect.python).toContain('"https://auth.example.com/oauth/introspect"');
    expect(examples.introspect.javascript).toContain('new URL("https://auth.example.com")');
    expect(examples.middleware.javascript).toContain("insufficient_scope");
  });
});
