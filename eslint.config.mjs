import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  { ignores: [".next/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**", ".test-db/**"] },
  ...nextVitals,
  ...nextTs,
];

export default config;
