import { expect, test } from "@playwright/test";

// `npm start` serves the protocol endpoints from its own node:http front and everything else
// through Next: both must answer with the same security headers, and the split must not show.
const SECURITY = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
};

test("protocol endpoints and pages carry the same security headers", async ({ request }) => {
  for (const path of ["/.well-known/oauth-authorization-server", "/oauth/userinfo", "/docs", "/signin"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    for (const [name, value] of Object.entries(SECURITY)) expect(response.headers()[name], `${name} on ${path}`).toBe(value);
    expect(response.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
  }
  const metadata = await request.get("/.well-known/oauth-authorization-server");
  expect(metadata.status()).toBe(200);
  expect(metadata.headers()["referrer-policy"]).toBe("no-referrer");
});

// That the front answers each protocol request as the route file would is checked request by
// request in server/front-routes.db.test.ts; here, that the built server has the front wired to
// the protocol routes.
test("the built server answers the protocol endpoints' errors, methods, size limit, metadata and preflights", async ({ request }) => {
  const noClient = await request.post("/oauth/token", { headers: { "content-type": "application/x-www-form-urlencoded" }, data: "grant_type=password" });
  expect(noClient.status()).toBe(401);
  expect(await noClient.json()).toMatchObject({ error: "invalid_client" });
  expect(noClient.headers()["cache-control"]).toBe("no-store");

  const wrongMethod = await request.delete("/oauth/token");
  expect(wrongMethod.status()).toBe(405);
  expect(wrongMethod.headers()["allow"]).toBe("POST, OPTIONS");

  // Answered by the route, with its fields, though the front reads none of the body.
  const tooLarge = await request.post("/oauth/token", { headers: { "content-type": "application/x-www-form-urlencoded" }, data: `token=${"x".repeat(70_000)}` });
  expect(tooLarge.status()).toBe(413);
  expect(tooLarge.headers()["access-control-allow-origin"]).toBe("*");
  expect(tooLarge.headers()["ratelimit-policy"]).toBeTruthy();

  const head = await request.head("/.well-known/oauth-authorization-server");
  expect(head.status()).toBe(200);
  expect(await head.body()).toHaveLength(0);
  // The metadata is sent again from the front's copy: the same body and headers every time (but
  // the date and the request's own id).
  const [first, second] = [await request.get("/.well-known/oauth-authorization-server"), await request.get("/.well-known/oauth-authorization-server")];
  expect(await second.text()).toBe(await first.text());
  expect(second.headers()["x-request-id"]).not.toBe(first.headers()["x-request-id"]);
  const withoutDate = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "date" && name !== "x-request-id"));
  const firstHeaders = withoutDate(first.headers());
  expect(withoutDate(second.headers())).toEqual(firstHeaders);
  expect(firstHeaders["content-length"]).toBe(String(Buffer.byteLength(await first.text())));
  expect(firstHeaders["cache-control"]).toBe("public, max-age=300");

  const preflight = await request.fetch("/oauth/token", { method: "OPTIONS", headers: { origin: "https://spa.example", "access-control-request-method": "POST" } });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()["access-control-allow-origin"]).toBe("*");
});
