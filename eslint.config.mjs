import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The server queries through its own statements on one connection (lib/db/sql/driver.ts):
// Prisma Client, which would open a second one, is for the tests, the benchmark's seed and scripts.
const prismaClientOutsideTests = {
  group: ["@/lib/testing/*", "@/lib/generated/*", "@prisma/client", "@prisma/client/*", "@prisma/adapter-*"],
  message: "The server queries through lib/db (its statements on the process's one connection); Prisma Client is for tests and scripts only.",
};
// Pages, actions, routes and components reach data through the modules that hold the rules
// (lib/apps, lib/account, lib/operator, lib/auth, ...), never the storage layer itself.
const storageFromPages = {
  group: ["@/lib/db/*"],
  message: "Go through lib/apps, lib/account, lib/operator or lib/auth: pages never touch the storage layer.",
};
// The protocol handlers take and return plain data (lib/oauth/http.ts); only the adapters (the
// route files through lib/route-file.ts, the HTTP front in server/) speak WHATWG Request and Response.
const fetchTypes = ["Request", "Response", "Headers"].map((name) => ({
  name,
  message: "Protocol handlers take a ProtocolRequest and return a ProtocolAnswer (lib/oauth/http.ts); lib/route-file.ts and server/front-server.ts speak HTTP.",
}));
const TEST_FILES = ["**/*.test.ts", "**/*.test.tsx", "lib/testing/**", "lib/oauth/testing/**", "e2e/**", "scripts/**", "*.config.*", "vitest.*"];

const config = [
  { ignores: [".next/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**", ".test-db/**"] },
  ...nextVitals,
  ...nextTs,
  {
    files: ["lib/**", "server/**", "proxy.ts", "instrumentation.ts"],
    ignores: TEST_FILES,
    rules: { "no-restricted-imports": ["error", { patterns: [prismaClientOutsideTests] }] },
  },
  {
    files: ["lib/oauth/**", "lib/oauth-server.ts"],
    ignores: TEST_FILES,
    rules: {
      "no-restricted-globals": ["error", ...fetchTypes],
      "@typescript-eslint/no-restricted-types": ["error", { types: Object.fromEntries(fetchTypes.map(({ name, message }) => [name, message])) }],
    },
  },
  {
    files: ["app/**", "components/**"],
    ignores: TEST_FILES,
    rules: { "no-restricted-imports": ["error", { patterns: [prismaClientOutsideTests, storageFromPages] }] },
  },
  {
    // The docs' code samples stop where the docs do: what a sample defines is the integrator's
    // to use in the next step.
    files: ["examples/docs/**"],
    rules: { "@typescript-eslint/no-unused-vars": "off" },
  },
];

export default config;
