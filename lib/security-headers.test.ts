import { describe, expect, it } from "vitest";
import { warnAboutPlainHttp } from "@/lib/config/startup";
import { DATA_CSP, pageCsp, STATIC_PAGE_CSP, transportSecurityFor } from "@/lib/security-headers";

describe("the Content-Security-Policy of pages", () => {
  const directives = (csp: string) => Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));

  it("runs scripts only with the response's nonce, and nothing from plugins, <base> or framing", () => {
    const csp = directives(pageCsp("bm9uY2U=", false));
    expect(csp["script-src"]).toBe("'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
    expect(csp["script-src"]).not.toContain("unsafe-inline");
    expect(csp["script-src"]).not.toContain("unsafe-eval");
    expect(csp["object-src"]).toBe("'none'");
    expect(csp["base-uri"]).toBe("'none'");
    expect(csp["frame-ancestors"]).toBe("'none'");
    // Browsers apply form-action to the consent decision's redirect back to the app.
    expect(csp["form-action"]).toBeUndefined();
    expect(directives(pageCsp("x", true))["script-src"]).toContain("'unsafe-eval'");
  });

  it("lets data responses and the script-free error page load nothing they do not need", () => {
    expect(DATA_CSP).toContain("default-src 'none'");
    expect(directives(STATIC_PAGE_CSP)["script-src"]).toBeUndefined();
    expect(directives(STATIC_PAGE_CSP)["default-src"]).toBe("'none'");
  });
});

describe("transport security", () => {
  it("sends HSTS only for an https issuer", () => {
    expect(transportSecurityFor("https://auth.example.com")).toEqual({ "Strict-Transport-Security": "max-age=63072000; includeSubDomains" });
    expect(transportSecurityFor("http://localhost:3000")).toEqual({});
  });

  it("warns loudly at a production start over plain http on a non-loopback host", () => {
    expect(warnAboutPlainHttp("http://auth.example.com", "production")).toBe(true);
    expect(warnAboutPlainHttp("http://127.0.0.1:3000", "production")).toBe(false);
    expect(warnAboutPlainHttp("https://auth.example.com", "production")).toBe(false);
    expect(warnAboutPlainHttp("http://auth.example.com", "development")).toBe(false);
  });
});
