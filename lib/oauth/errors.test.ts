import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CATALOGUE, OAuthError, safeDescription } from "@/lib/oauth/errors";

// Every error code defined by the RFCs Gatehouse implements (6749 §4.1.2.1, §5.2; 6750 §3.1;
// 7009 §2.2.1; OpenID Connect's prompt=none codes).
const RFC_ERROR_CODES = [
  "invalid_request",
  "invalid_client",
  "invalid_grant",
  "unauthorized_client",
  "unsupported_grant_type",
  "unsupported_response_type",
  "invalid_scope",
  "access_denied",
  "server_error",
  "temporarily_unavailable",
  "invalid_token",
  "insufficient_scope",
  "unsupported_token_type",
  "login_required",
  "consent_required",
  "interaction_required",
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === "generated" ? [] : sourceFiles(file);
    return /\.tsx?$/.test(name) && !/\.test\.ts$/.test(name) ? [file] : [];
  });
}

describe("the error catalogue", () => {
  it("has every error code the server's code can return, so the docs list them all", () => {
    const root = path.resolve(__dirname, "..", "..");
    const used = new Set<string>();
    for (const file of [...sourceFiles(path.join(root, "lib")), ...sourceFiles(path.join(root, "app"))]) {
      const text = readFileSync(file, "utf8");
      for (const code of RFC_ERROR_CODES) if (text.includes(`"${code}"`)) used.add(code);
    }
    expect(used.size).toBeGreaterThan(5);
    for (const code of used) expect(Object.keys(ERROR_CATALOGUE), `${code} is returned but not in ERROR_CATALOGUE`).toContain(code);
  });

  it("says for each code what it means and what to do", () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(entry.meaning.length, code).toBeGreaterThan(20);
      expect(entry.fix.length, code).toBeGreaterThan(20);
    }
  });

  it("gives OAuthError the catalogue's status unless told otherwise", () => {
    expect(new OAuthError("invalid_client", "x").status).toBe(401);
    expect(new OAuthError("invalid_request", "x", { status: 413 }).status).toBe(413);
  });

  it("keeps error_description to the characters RFC 6749 §5.2 allows", () => {
    expect(safeDescription('bad "quote" and \\ back\nslash é')).toBe("bad quote and  backslash ");
  });
});
