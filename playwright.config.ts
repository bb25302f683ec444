import { defineConfig, devices } from "@playwright/test";

// End-to-end tests against the production server (`npm start`: the HTTP front and Next) in Debian's Chromium.
// scripts/e2e.mjs builds, prepares a fresh database and runs this.
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    baseURL: BASE_URL,
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: `node scripts/start.mjs`,
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATABASE_URL: process.env.DATABASE_URL ?? "file:./.test-db/e2e.db",
      GATEHOUSE_ISSUER: BASE_URL,
      NEXTAUTH_URL: BASE_URL,
      NEXTAUTH_SECRET: "e2e-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
      // Stopped when the suite ends, behind no load balancer.
      GATEHOUSE_DRAIN_DELAY: "0",
      // An operator's own API scopes, to prove they reach consent, metadata and the docs.
      GATEHOUSE_SCOPES_FILE: "e2e/fixtures/scopes.json",
      // Every test comes from 127.0.0.1: the per-address budgets are raised above what the suite
      // spends (through the documented settings); failed client authentications keep the default.
      GATEHOUSE_LIMIT_PROTOCOL_IP: "1000000/60",
      GATEHOUSE_LIMIT_PROTOCOL_CLIENT: "1000000/60",
      GATEHOUSE_LIMIT_SIGN_IN_IP: "1000000/600",
      GATEHOUSE_LIMIT_ACCOUNT_IP: "1000000/3600",
    },
  },
});
