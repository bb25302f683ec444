import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "@/lib/once-shown-secret";

describe("a once-shown secret in its cookie", () => {
  process.env.NEXTAUTH_SECRET ??= "x".repeat(40);
  const secret = "gsec_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

  it("opens on the page and for the user it was sealed for", () => {
    const sealed = sealSecret(secret, "/dashboard/apps/a1", "u1");
    expect(sealed).not.toContain("gsec_");
    expect(openSecret(sealed, "/dashboard/apps/a1", "u1")).toBe(secret);
  });

  it("does not open on another page, for another user, or altered", () => {
    const sealed = sealSecret(secret, "/dashboard/apps/a1", "u1");
    expect(openSecret(sealed, "/dashboard/apps/a2", "u1")).toBeNull();
    expect(openSecret(sealed, "/dashboard/apps/a1", "u2")).toBeNull();
    const raw = Buffer.from(sealed, "base64url");
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    expect(openSecret(raw.toString("base64url"), "/dashboard/apps/a1", "u1")).toBeNull();
    expect(openSecret("", "/dashboard/apps/a1", "u1")).toBeNull();
    expect(openSecret("not base64 at all!", "/dashboard/apps/a1", "u1")).toBeNull();
  });
});
