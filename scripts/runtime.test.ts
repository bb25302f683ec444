import { describe, expect, it } from "vitest";
import { serverNodeFlags } from "./runtime.mjs";

describe("the server process's V8 heap sizes", () => {
  it("bounds the old and young generations, unless NODE_OPTIONS sizes them", () => {
    expect(serverNodeFlags({})).toEqual(["--max-old-space-size=192", "--max-semi-space-size=8"]);
    expect(serverNodeFlags({ NODE_OPTIONS: "--max-old-space-size=1024" })).toEqual(["--max-semi-space-size=8"]);
    expect(serverNodeFlags({ NODE_OPTIONS: "--max-old-space-size=1024 --max-semi-space-size=32" })).toEqual([]);
  });
});
