// Bundles the HTTP front (server/front.ts) and the lib/ modules it calls into one ES module,
// after `next build`. Packages stay external: they load from node_modules, once per process.
import path from "node:path";
import { build } from "esbuild";
import { root } from "./runtime.mjs";

await build({
  entryPoints: [path.join(root, "server", "front.ts")],
  outfile: path.join(root, ".next", "gatehouse", "front.mjs"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  tsconfig: path.join(root, "tsconfig.json"),
  logLevel: "warning",
});
console.log("gatehouse: bundled the HTTP front into .next/gatehouse/front.mjs");
