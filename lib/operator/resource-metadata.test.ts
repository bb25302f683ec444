import { describe, expect, it } from "vitest";
import {
  bearerChallenge,
  protectedResourceMetadata,
  protectedResourceMetadataSchema,
  protectedResourceMetadataUrl,
  resourceMetadataGuide,
} from "@/lib/operator/resource-metadata";

const notes = { identifier: "https://notes.example.com/", name: "Notes API", scopes: ["notes.read", "notes.write"] };
const issuer = "https://auth.example.com";

describe("an API's protected resource metadata document (RFC 9728 §2)", () => {
  it("names the API, Gatehouse as its authorization server, its scopes and the header as the way to send a token", () => {
    expect(protectedResourceMetadata(notes, issuer)).toEqual({
      resource: "https://notes.example.com/",
      authorization_servers: ["https://auth.example.com"],
      scopes_supported: ["notes.read", "notes.write"],
      bearer_methods_supported: ["header"],
      resource_name: "Notes API",
    });
  });

  it("omits scopes_supported while the API has no scopes, rather than sending [] (RFC 9728 §3.2)", () => {
    const document = protectedResourceMetadata({ ...notes, scopes: [] }, issuer);
    expect(document).not.toHaveProperty("scopes_supported");
    expect(protectedResourceMetadataSchema.safeParse(document).success).toBe(true);
  });

  it("is what a client's check of RFC 9728's members accepts, and the check refuses what the RFC rules out", () => {
    const document = protectedResourceMetadata(notes, issuer);
    expect(protectedResourceMetadataSchema.parse(document)).toEqual(document);
    const refused = [
      { ...document, resource: "https://notes.example.com/#top" },
      { ...document, resource: "notes.example.com" },
      { ...document, resource: "http://notes.example.com/" },
      { ...document, scopes_supported: [] },
      { ...document, authorization_servers: [] },
      { ...document, authorization_servers: ["auth.example.com"] },
      { ...document, bearer_methods_supported: ["cookie"] },
      { authorization_servers: [issuer] },
    ];
    for (const candidate of refused) expect(protectedResourceMetadataSchema.safeParse(candidate).success, JSON.stringify(candidate)).toBe(false);
    // [] is meaningful for bearer methods alone: none is supported (RFC 9728 §2).
    expect(protectedResourceMetadataSchema.safeParse({ ...document, bearer_methods_supported: [] }).success).toBe(true);
    expect(protectedResourceMetadataSchema.safeParse({ resource: "http://127.0.0.1:4000/" }).success).toBe(true);
  });
});

describe("where an API serves its document (RFC 9728 §3.1)", () => {
  it("is the host's well-known path when the identifier has no path", () => {
    expect(protectedResourceMetadataUrl("https://resource.example.com")).toBe("https://resource.example.com/.well-known/oauth-protected-resource");
    expect(protectedResourceMetadataUrl("https://resource.example.com/")).toBe("https://resource.example.com/.well-known/oauth-protected-resource");
    expect(protectedResourceMetadataUrl("http://127.0.0.1:4107/")).toBe("http://127.0.0.1:4107/.well-known/oauth-protected-resource");
  });

  it("inserts the well-known string between the host and the path, without the path's terminating slash", () => {
    expect(protectedResourceMetadataUrl("https://resource.example.com/resource1")).toBe("https://resource.example.com/.well-known/oauth-protected-resource/resource1");
    expect(protectedResourceMetadataUrl("https://api.example.com/v1/notes/")).toBe("https://api.example.com/.well-known/oauth-protected-resource/v1/notes");
  });

  it("writes the scheme and host in lower case and drops a default port", () => {
    expect(protectedResourceMetadataUrl("HTTPS://API.Example.COM:443/V1")).toBe("https://api.example.com/.well-known/oauth-protected-resource/V1");
    expect(protectedResourceMetadataUrl("http://localhost:80")).toBe("http://localhost/.well-known/oauth-protected-resource");
    expect(protectedResourceMetadataUrl("http://localhost:4000")).toBe("http://localhost:4000/.well-known/oauth-protected-resource");
  });
});

describe("the WWW-Authenticate challenge of an API's refusal (RFC 9728 §5.1, RFC 6750 §3)", () => {
  const url = "https://resource.example.com/.well-known/oauth-protected-resource";

  it("is resource_metadata alone for a request without a token (RFC 6750 §3.1: no error code)", () => {
    expect(bearerChallenge(url)).toBe('Bearer resource_metadata="https://resource.example.com/.well-known/oauth-protected-resource"');
  });

  it("adds the error, its description and the scope needed", () => {
    expect(bearerChallenge(url, { error: "invalid_token", description: "the token is for another API" })).toBe(
      `Bearer resource_metadata="${url}", error="invalid_token", error_description="the token is for another API"`,
    );
    expect(bearerChallenge(url, { error: "insufficient_scope", scope: "notes.write" })).toBe(`Bearer resource_metadata="${url}", error="insufficient_scope", scope="notes.write"`);
  });

  it("refuses a value a quoted-string of RFC 6750 §3 cannot carry", () => {
    expect(() => bearerChallenge(url, { error: "invalid_token", description: 'say "hi"' })).toThrow(/error_description/);
    expect(() => bearerChallenge(url, { error: "invalid_token", description: "back\\slash" })).toThrow(/error_description/);
    expect(() => bearerChallenge(url, { error: "invalid_token", description: "déjà vu" })).toThrow(/error_description/);
  });
});

describe("what the operator area shows an API", () => {
  it("gives the document as pretty JSON, its URL, and the challenges for a missing token, a token not for it and a missing scope", () => {
    const guide = resourceMetadataGuide(notes, issuer);
    const url = "https://notes.example.com/.well-known/oauth-protected-resource";
    expect(guide.url).toBe(url);
    expect(JSON.parse(guide.json)).toEqual(guide.document);
    expect(guide.json).toContain('\n  "resource": "https://notes.example.com/",\n');
    expect(guide.refusals.map((r) => [r.status, r.challenge])).toEqual([
      [401, `Bearer resource_metadata="${url}"`],
      [401, `Bearer resource_metadata="${url}", error="invalid_token", error_description="the token is not active for this API"`],
      [403, `Bearer resource_metadata="${url}", error="insufficient_scope", error_description="this route needs the notes.read scope", scope="notes.read"`],
    ]);
  });

  it("shows no scope challenge for an API without scopes", () => {
    expect(resourceMetadataGuide({ ...notes, scopes: [] }, issuer).refusals.map((r) => r.status)).toEqual([401, 401]);
  });
});
