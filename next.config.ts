import type { NextConfig } from "next";
import { BASE_SECURITY_HEADERS, NO_REFERRER } from "./lib/security-headers";

const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  poweredByHeader: false,
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
