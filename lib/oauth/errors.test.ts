import { afterEach, describe, expect, it, vi } from "vitest";
import { ERROR_CATALOGUE, OAuthError, safeDescription, type OAuthErrorCode } from "@/lib/oauth/errors";
import { errorResponse } from "@/lib/oauth/http";

// OAuthError takes only codes of the catalogue (OAuthErrorCode), so the docs, which render the
// catalogue, list every code the server can return; these tests hold the response shape.
describe("the error catalogue and its responses", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(Object.keys(ERROR_CATALOGUE) as OAuthErrorCode[])("answers %s with its status as RFC 6749 §5.2 JSON, never cached", async (code) => {
    const response = errorResponse(new OAuthError(code, "what to fix"));
    expect(response.status).toBe(ERROR_CATALOGUE[code].status);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ error: code, error_description: "what to fix" });
  });

  it("says for each code what it means and what to do", () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(entry.meaning.length, code).toBeGreaterThan(20);
      expect(entry.fix.length, code).toBeGreaterThan(20);
    }
  });

  it("gives OAuthError the catalogue's status unless told otherwise, and its headers", async () => {
    expect(new OAuthError("invalid_client", "x").status).toBe(401);
    const tooLarge = errorResponse(new OAuthError("invalid_request", "x", { status: 413, headers: { "Retry-After": "5" } }));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get("retry-after")).toBe("5");
  });

  it("logs the private detail and never sends it", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const response = errorResponse(new OAuthError("invalid_grant", "code is unknown", { detail: "belongs to application app_123" }));
    expect(JSON.stringify(await response.json())).not.toContain("app_123");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("belongs to application app_123"));
  });

  it("answers anything unexpected with server_error, without its message", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const response = errorResponse(new Error("connection to db.internal:5432 refused"));
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body).toMatchObject({ error: "server_error" });
    expect(JSON.stringify(body)).not.toContain("db.internal");
    expect(error).toHaveBeenCalled();
  });

  it("keeps error_description to the characters RFC 6749 §5.2 allows", () => {
    expect(safeDescription('bad "quote" and \\ back\nslash é')).toBe("bad quote and  backslash ");
  });
});
