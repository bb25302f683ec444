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
