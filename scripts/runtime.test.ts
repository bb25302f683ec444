import { describe, expect, it } from "vitest";
import { serverNodeFlags } from "./runtime.mjs";

describe("the server process's V8 heap size", () => {
  it("bounds the old generation, unless NODE_OPTIONS sizes it", () => {
    expect(serverNodeFlags({})).toEqual(["--max-old-space-size=192"]);
    expect(serverNodeFlags({ NODE_OPTIONS: "--enable-source-maps" })).toEqual(["--max-old-space-size=192"]);
    expect(serverNodeFlags({ NODE_OPTIONS: "--max-old-space-size=1024" })).toEqual([]);
  });
});
