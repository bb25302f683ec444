import { describe, expect, it } from "vitest";
import { cookieValue, refusedAuthRequest } from "@/lib/auth/auth-route-guard";

const at = (path: string, init: RequestInit = {}) => new Request(`http://auth.test${path}`, init);

describe("next-auth's route guard", () => {
  it("answers a GET of the credentials callback 405 with Allow: POST", async () => {
    const refused = await refusedAuthRequest(at("/api/auth/callback/credentials"), ["callback", "credentials"]);
    expect(refused?.status).toBe(405);
    expect(refused?.headers.get("allow")).toBe("POST");
    expect(await refusedAuthRequest(at("/api/auth/callback/credentials", { method: "POST" }), ["callback", "credentials"])).toBeNull();
  });

  it("answers a callbackUrl that is neither a path nor an http(s) URL 400, and lets paths and URLs through", async () => {
    for (const value of ["hasOwnProperty", "javascript:alert(1)", "OW"]) {
      const refused = await refusedAuthRequest(at(`/api/auth/csrf?callbackUrl=${encodeURIComponent(value)}`), ["csrf"]);
      expect(refused?.status, value).toBe(400);
      expect(await refused!.json()).toMatchObject({ error: "invalid_request", error_description: expect.stringContaining("callbackUrl") });
    }
    for (const value of ["/dashboard", "http://auth.test/docs", ""]) {
      expect(await refusedAuthRequest(at(`/api/auth/csrf?callbackUrl=${encodeURIComponent(value)}`), ["csrf"]), value).toBeNull();
    }
  });

  it("clears a callback cookie next-auth would refuse, and says so", async () => {
    for (const name of ["next-auth.callback-url", "__Secure-next-auth.callback-url"]) {
      const refused = await refusedAuthRequest(at("/api/auth/session", { headers: { cookie: `a=1; ${name}=hasOwnProperty` } }), ["session"]);
      expect(refused?.status, name).toBe(400);
      expect(refused?.headers.get("set-cookie"), name).toMatch(new RegExp(`^${name.replace(/[.]/g, "\\.")}=; Path=/; Max-Age=0`));
    }
    expect(await refusedAuthRequest(at("/api/auth/session", { headers: { cookie: "next-auth.callback-url=%2Fdashboard" } }), ["session"])).toBeNull();
  });

  it("answers a POST whose JSON body does not parse 400", async () => {
    const post = (body: string) => at("/api/auth/callback/credentials", { method: "POST", headers: { "content-type": "application/json" }, body });
    expect((await refusedAuthRequest(post("{bad"), ["callback", "credentials"]))?.status).toBe(400);
    expect(await refusedAuthRequest(post('{"email":"a"}'), ["callback", "credentials"])).toBeNull();
  });

  it("reads one cookie's value", () => {
    expect(cookieValue("a=1; b=%2Fx", "b")).toBe("/x");
    expect(cookieValue("a=1; b=%E0", "b")).toBe("%E0");
    expect(cookieValue("ab=1", "b")).toBeUndefined();
    expect(cookieValue(null, "b")).toBeUndefined();
  });
});
