import { spawnSync } from "node:child_process";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { describeProtectYourApi, EXAMPLE_API } from "@/lib/docs/protect-your-api";
import { SAMPLES } from "@/lib/docs/samples";
import { protectedResourceMetadataSchema } from "@/lib/operator/resource-metadata";

const guide = describeProtectYourApi("https://auth.example.com");
const { identifier } = EXAMPLE_API;

describe("Protect your API's facts", () => {
  it("show the example API's document as the operator area builds it, valid by RFC 9728's members, served where §3.1 puts it", () => {
    expect(protectedResourceMetadataSchema.parse(JSON.parse(guide.metadata.json))).toEqual(guide.metadata.document);
    expect(guide.metadata.document).toMatchObject({ resource: identifier, authorization_servers: ["https://auth.example.com"], scopes_supported: EXAMPLE_API.scopes });
    expect(guide.metadata.url).toBe("https://notes.example.com/.well-known/oauth-protected-resource");
    expect(guide.pathExample).toEqual({ identifier: "https://api.example.com/notes", url: "https://api.example.com/.well-known/oauth-protected-resource/notes" });
    // The identifier is written as Gatehouse stores identifiers, normalised: what aud reports.
    expect(new URL(identifier).href).toBe(identifier);
  });

  it("write the example API's identifier and metadata URL in every sample that names them", () => {
    const { middleware, service } = SAMPLES.protectYourApi;
    for (const sample of [middleware.javascript, middleware.python]) {
      expect(sample.source).toContain(`IDENTIFIER = "${identifier}"`);
      expect(sample.source).toContain(guide.metadata.url);
    }
    expect(middleware.curl.source).toContain(guide.metadata.refusals[0]!.challenge);
    expect(service.curl.source).toContain(`'resource=${identifier}'`);
    expect(service.javascript.source).toContain(`resource: "${identifier}"`);
    expect(service.python.source).toContain(`resource="${identifier}"`);
    for (const sample of Object.values(service)) expect(sample.source).toMatch(/scope[=:]\s*"?notes\.read/);
  });
});

type Introspected = { active: boolean; scope?: string; aud?: string | string[]; sub?: string };
type Outcome = { status: number; challenge?: string };

/** The JavaScript check as shown, with the introspection answer given and a response that records what it was told. */
async function runJsCheck(authorization: string | undefined, answer: Introspected, scope: string): Promise<Outcome> {
  const outcome: Outcome = { status: 200 };
  const res = {
    writeHead(status: number, headers: Record<string, string>) {
      Object.assign(outcome, { status, challenge: headers["WWW-Authenticate"] });
      return res;
    },
    end: () => res,
  };
  const context = vm.createContext({ introspect: async () => answer, req: { headers: { authorization } }, res, scope });
  await (vm.runInContext(`${SAMPLES.protectYourApi.middleware.javascript.source}\nrequireScope(req, res, scope);`, context) as Promise<unknown>);
  return outcome;
}

/** The Python check as shown, run by python3 with the introspection answer given. */
function runPythonCheck(authorization: string | undefined, answer: Introspected, scope: string): Outcome {
  const script = `${SAMPLES.protectYourApi.middleware.python.source}
import json, sys
given = json.loads(sys.stdin.read())
def introspect(token):
    return given["answer"]
status, headers = require_scope(given["authorization"], given["scope"])
print(json.dumps({"status": status, "challenge": headers.get("WWW-Authenticate")}))
`;
  const run = spawnSync("python3", ["-c", script], { input: JSON.stringify({ authorization: authorization ?? null, answer, scope }), encoding: "utf8" });
  expect(run.stderr).toBe("");
  const { status, challenge } = JSON.parse(run.stdout) as { status: number; challenge: string | null };
  return challenge === null ? { status } : { status, challenge };
}

describe("the check samples, run with introspection's answers", () => {
  const [noToken, inactive] = guide.metadata.refusals;
  const metadata = `Bearer resource_metadata="${guide.metadata.url}"`;
  const cases: [name: string, authorization: string | undefined, answer: Introspected, expected: Outcome][] = [
    ["no token: the challenge alone, no error code", undefined, { active: false }, { status: 401, challenge: noToken!.challenge }],
    ["an inactive token", "Bearer gat_x", { active: false }, { status: 401, challenge: `${metadata}, error="invalid_token"` }],
    ["a token for another API", "Bearer gat_x", { active: true, scope: "notes.read", aud: "https://billing.example.com/" }, { status: 401, challenge: `${metadata}, error="invalid_token"` }],
    ["a token without aud", "Bearer gat_x", { active: true, scope: "notes.read" }, { status: 401, challenge: `${metadata}, error="invalid_token"` }],
    ["a token for this API alone", "Bearer gat_x", { active: true, scope: "notes.read", aud: identifier, sub: "u1" }, { status: 200 }],
    ["a token for this API and the issuer", "Bearer gat_x", { active: true, scope: "notes.read", aud: ["https://auth.example.com", identifier], sub: "u1" }, { status: 200 }],
    ["a token without the route's scope", "Bearer gat_x", { active: true, scope: "notes.write", aud: identifier }, { status: 403, challenge: `${metadata}, error="insufficient_scope", scope="notes.read"` }],
  ];
  expect(inactive!.challenge.startsWith(`${metadata}, error="invalid_token"`)).toBe(true);

  for (const [name, authorization, answer, expected] of cases) {
    it(`answer ${name} alike in JavaScript and Python`, async () => {
      expect(await runJsCheck(authorization, answer, "notes.read")).toEqual(expected);
      expect(runPythonCheck(authorization, answer, "notes.read")).toEqual(expected);
    });
  }
});
