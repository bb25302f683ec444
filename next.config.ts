import type { NextConfig } from "next";
import { BASE_SECURITY_HEADERS, NO_REFERRER } from "./lib/security-headers";

const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

/** The docs' code samples are files (examples/docs) that lib/docs/samples.ts imports as text, with ?raw. */
const asText = { condition: { query: "?raw" }, type: "raw" } as const;

const nextConfig: NextConfig = {
  poweredByHeader: false,
  turbopack: {
    rules: { "*.sh": asText, "*.url": asText, "*.js": asText, "*.py": asText, "*.yml": asText },
  },
  async headers() {
    return [
      // The Content-Security-Policy of pages (with a nonce) comes from proxy.ts.
      { source: "/:path*", headers: asList(BASE_SECURITY_HEADERS) },
      // After the rule above, so it wins.
      { source: "/oauth/:path*", headers: asList(NO_REFERRER) },
    ];
  },
};

export default nextConfig;
