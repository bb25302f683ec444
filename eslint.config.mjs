import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  { ignores: [".next/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**", ".test-db/**"] },
  ...nextVitals,
  ...nextTs,
  {
    // Pages, actions, routes and components reach data through the modules that hold the rules
    // (lib/apps, lib/account, lib/operator, lib/auth, ...), never the storage layer itself.
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/lib/db/*", "@/lib/generated/*"], message: "Go through lib/apps, lib/account, lib/operator or lib/auth: pages never touch the storage layer." }] }],
    },
  },
];

export default config;
