import { describe, expect, it } from "vitest";
import { authActionMethods, clearedCookie, refusedAuthRequest, refusedCallbackCookies } from "@/lib/auth/auth-route-guard";

const at = (path: string, init: RequestInit = {}) => new Request(`http://auth.test${path}`, init);

describe("next-auth's route guard", () => {
  it("answers a method an action does not take 405 with that action's Allow", async () => {
    const cases: [string, string[], string, string][] = [
      ["GET", ["callback", "credentials"], "/api/auth/callback/credentials", "POST"],
      ["POST", ["csrf"], "/api/auth/csrf", "GET, HEAD"],
      ["POST", ["providers"], "/api/auth/providers", "GET, HEAD"],
      ["POST", ["error"], "/api/auth/error", "GET, HEAD"],
      ["GET", ["_log"], "/api/auth/_log", "POST"],
    ];
    for (const [method, action, path, allow] of cases) {
      const refused = await refusedAuthRequest(at(path, { method }), action);
      expect(refused?.status, `${method} ${path}`).toBe(405);
      expect(refused?.headers.get("allow"), path).toBe(allow);
      expect(await refused!.json()).toMatchObject({ error: "invalid_request", error_description: `this next-auth endpoint accepts ${allow}` });
    }
    expect(await refusedAuthRequest(at("/api/auth/callback/credentials", { method: "POST" }), ["callback", "credentials"])).toBeNull();
    expect(await refusedAuthRequest(at("/api/auth/session", { method: "POST" }), ["session"])).toBeNull();
    expect(await refusedAuthRequest(at("/api/auth/csrf", { method: "HEAD" }), ["csrf"])).toBeNull();
  });

  it("knows every action next-auth 4 dispatches, and nothing else", () => {
    expect(authActionMethods(["signin"])).toBe("GET, HEAD, POST");
    expect(authActionMethods(["callback", "github"])).toBe("GET, HEAD, POST");
    expect(authActionMethods(["verify-request"])).toBe("GET, HEAD");
    expect(authActionMethods(["toString"])).toBeUndefined();
    expect(authActionMethods([])).toBeUndefined();
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

  it("answers a POST whose JSON body does not parse 400", async () => {
    const post = (body: string) => at("/api/auth/callback/credentials", { method: "POST", headers: { "content-type": "application/json" }, body });
    expect((await refusedAuthRequest(post("{bad"), ["callback", "credentials"]))?.status).toBe(400);
    expect(await refusedAuthRequest(post('{"email":"a"}'), ["callback", "credentials"])).toBeNull();
  });
});

describe("callback-url cookies next-auth would refuse", () => {
  const base = "http://auth.test/";
  it("names each cookie, plain and __Secure-, whose value is neither a path nor an http(s) URL", () => {
    const cookies = [
      { name: "a", value: "hasOwnProperty" },
      { name: "next-auth.callback-url", value: "hasOwnProperty" },
      { name: "__Secure-next-auth.callback-url", value: "javascript:alert(1)" },
    ];
    expect(refusedCallbackCookies(cookies, base)).toEqual(["next-auth.callback-url", "__Secure-next-auth.callback-url"]);
  });

  it("leaves paths, http(s) URLs and empty values alone", () => {
    for (const value of ["/dashboard", "http://auth.test/docs", "https://elsewhere.test/", ""]) {
      expect(refusedCallbackCookies([{ name: "next-auth.callback-url", value }], base), value).toEqual([]);
    }
  });

  it("clears a cookie as next-auth set it, Secure for the __Secure- one", () => {
    expect(clearedCookie("next-auth.callback-url")).toBe("next-auth.callback-url=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    expect(clearedCookie("__Secure-next-auth.callback-url")).toMatch(/; Secure$/);
  });
});
