import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/testing/prisma";
import { PROTOCOL_ROUTES } from "@/lib/oauth-server";
import { protocolRequest } from "@/lib/oauth/testing/fixtures";
import { createTestApplication } from "@/lib/testing/fixtures";

/**
 * Hostile input at every protocol endpoint, generated (fast-check): random and repeated
 * parameters, wrong and missing content types, invalid UTF-8 and percent-encoding, control
 * characters, huge values and bodies over 64 KiB, JSON instead of a form, odd Authorization
 * headers. Every answer must be a 4xx with RFC 6749 error JSON (never a 500), and the database
 * must hold exactly what it held before. Runs on SQLite in `npm test`, on PostgreSQL in CI.
 */
const RUNS_PER_ENDPOINT = 1000;

const KNOWN = ["grant_type", "code", "redirect_uri", "code_verifier", "refresh_token", "scope", "token", "token_type_hint", "client_id", "client_secret", "access_token"];
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("\u0000", "a\u0000b", "\u0007", "\u202e", "%00", "%C3%28", "%FF%FE", "%zz", "%", "+", "&&", "==", "gat_", "grt_", "gsec_", "api_AAAAAAAAAAAAAAAA", "gpat_"),
  fc.constant("x".repeat(5000)),
);
const pair = fc.tuple(fc.oneof(fc.constantFrom(...KNOWN), fc.string({ maxLength: 12 })), nasty, fc.boolean());
/** A body: pieces joined raw or form-encoded (raw lets broken percent-encoding through), sometimes over 64 KiB. */
const body = fc.oneof(
  fc.array(pair, { maxLength: 8 }).map((pairs) => pairs.map(([k, v, raw]) => (raw ? `${k}=${v}` : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)).join("&")),
  fc.constant(`token=${"a".repeat(70 * 1024)}`),
  fc.json({ maxDepth: 2 }),
  fc.string({ unit: "binary", maxLength: 200 }),
);
// Weighted towards what passes the first checks, so that the deeper ones see hostile values too.
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=ISO-8859-1") },
  { weight: 4, arbitrary: fc.constantFrom(undefined, "application/json", "multipart/form-data; boundary=x", "text/plain", "", "garbage/x; y=\"z") },
);
const method = fc.oneof({ weight: 7, arbitrary: fc.constant("POST") }, { weight: 3, arbitrary: fc.constantFrom("GET", "PUT", "DELETE", "PATCH") });

/** What an HTTP header can carry at all (a client cannot send NUL, CR, LF or non-Latin-1 in one). */
const headerSafe = (value: string) => /^[\x09\x20-\x7e\x80-\xff]*$/.test(value);

function authorizationFor(clientId: string) {
  const b64 = (s: string) => Buffer.from(s, "latin1").toString("base64");
  return fc.oneof(
    fc.constant(undefined),
    fc.constantFrom("", "Basic", "Basic ", "Basic !!!", `Basic ${b64("no-colon")}`, `Basic ${b64(":")}`, "Bearer", "Bearer gat_x", `Basic ${"A".repeat(10 * 1024)}`),
    nasty.map((s) => `Basic ${b64(`${clientId}:${s}`)}`),
    { weight: 3, arbitrary: fc.tuple(nasty, nasty).map(([a, b]) => `Basic ${b64(`${a}:${b}`)}`) },
    nasty.map((s) => `Bearer ${s}`),
  ).filter((value) => value === undefined || headerSafe(value));
}

async function tableCounts(): Promise<Record<string, number>> {
  const d = db();
  return {
    users: await d.user.count(),
    applications: await d.application.count(),
    secrets: await d.clientSecret.count(),
    grants: await d.grant.count(),
    pending: await d.pendingAuthorization.count(),
    codes: await d.authorizationCode.count(),
    families: await d.tokenFamily.count(),
    accessTokens: await d.accessToken.count(),
    refreshTokens: await d.refreshToken.count(),
    personalKeys: await d.personalKey.count(),
  };
}

const ENDPOINTS = ["/oauth/token", "/oauth/revoke", "/oauth/introspect", "/oauth/userinfo"] as const;

describe("hostile input at the protocol endpoints", () => {
  it.each(ENDPOINTS)("%s answers every generated malformed request with 4xx RFC error JSON and changes nothing", async (path) => {
    const app = await createTestApplication();
    const before = await tableCounts();
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(method, contentType, body, authorizationFor(app.clientId), fc.ipV4(), async (method, type, text, authorization, ip) => {
        tried++;
        const headers: Record<string, string> = {};
        if (type !== undefined) headers["content-type"] = type;
        if (authorization !== undefined) headers.authorization = authorization;
        const query = method === "GET" && tried % 3 === 0 ? `?${text.slice(0, 2000).replace(/[#\s]/g, "")}` : "";
        const request = protocolRequest(`http://127.0.0.1${path}${query}`, { method, headers, body: method === "GET" ? undefined : text, clientAddress: ip });
        const route = PROTOCOL_ROUTES[path];
        const response = await route[method as "GET" | "POST"](request);
        const answer = response.body as string;
        // userinfo without any token answers 401 with a message and no error code (RFC 6750 §3.1).
        expect(response.status, `${method} ${type} ${authorization?.slice(0, 40)} ${text.slice(0, 80)} -> ${answer.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        const json = JSON.parse(answer) as { error?: unknown; message?: unknown };
        expect(typeof json.error === "string" || (path === "/oauth/userinfo" && response.status === 401 && typeof json.message === "string")).toBe(true);
      }),
      { numRuns: RUNS_PER_ENDPOINT },
    );
    expect(await tableCounts()).toEqual(before);
    console.log(`hostile input: ${path} answered ${tried} generated requests with 4xx and changed nothing`);
    expect(tried).toBe(RUNS_PER_ENDPOINT);
  }, 120_000);
});
