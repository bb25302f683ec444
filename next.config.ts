import type { NextConfig } from "next";
import { NO_REFERRER, SECURITY_HEADERS } from "./lib/security-headers";

const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  poweredByHeader: false,
  async headers() {
    return [
      { source: "/:path*", headers: asList(SECURITY_HEADERS) },
      // After the rule above, so it wins.
      { source: "/oauth/:path*", headers: asList(NO_REFERRER) },
    ];
  },
};

export default nextConfig;
