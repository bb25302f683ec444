import { describe, expect, it } from "vitest";
import { z } from "zod";
import { optionalParam, Params, requiredParam } from "@/lib/oauth/params";

const schema = z.object({
  code: requiredParam("code", "send the code"),
  redirect_uri: optionalParam(),
  prompt: z.enum(["none", "consent"], { error: "prompt must be none or consent" }).optional(),
});

const parse = (query: string) => Params.fromSearch(query).parse(schema);

describe("Params (RFC 6749 §3.1, §3.2)", () => {
  it("gives the parameters the schema names, ignoring unknown ones", () => {
    expect(parse("code=abc&redirect_uri=https%3A%2F%2Fa.example%2Fcb&extra=1&extra=2")).toEqual({ code: "abc", redirect_uri: "https://a.example/cb" });
  });

  it("counts an empty value as omitted", () => {
    expect(parse("code=abc&redirect_uri=&prompt=")).toEqual({ code: "abc" });
  });

  it("names every problem the request shows in one invalid_request", () => {
    expect(() => parse("redirect_uri=a&redirect_uri=b&prompt=login")).toThrow(
      expect.objectContaining({
        error: "invalid_request",
        description: "redirect_uri was sent more than once; send each parameter once; code is missing: send the code; prompt must be none or consent",
      }),
    );
  });

  it("reports a repeated required parameter as repeated, not as missing", () => {
    expect(() => parse("code=a&code=b")).toThrow(expect.objectContaining({ description: "code was sent more than once; send each parameter once" }));
  });

  it("peeks without throwing: a repeated or empty parameter reads as absent", () => {
    const params = Params.fromSearch("state=a&state=b&client_id=&scope=email");
    expect(params.peek("state")).toBeUndefined();
    expect(params.isRepeated("state")).toBe(true);
    expect(params.peek("client_id")).toBeUndefined();
    expect(params.peek("scope")).toBe("email");
  });
});
