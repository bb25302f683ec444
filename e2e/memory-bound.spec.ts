import { expect, test } from "@playwright/test";
import http from "node:http";
import { startChildServer, type ChildServer } from "./child-server";

// An unauthenticated flood must not grow the server: a production server of its own (default
// budgets, --expose-gc), 3,000 requests with a different long client_id each (60,000 characters in
// the body, 8,000 in HTTP Basic), from 16 loopback addresses, at the three endpoints that authenticate
// clients. Its live heap after a full collection stays within a tolerance of where it started.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 7;
const ADDRESSES = Array.from({ length: 16 }, (_, i) => `127.0.0.${i + 2}`);
const REQUESTS = 3_000;
const HEAP_TOLERANCE_BYTES = 16 * 1024 * 1024;

function post(server: ChildServer, path: string, body: string, localAddress: string, authorization?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${server.url}${path}`,
      {
        method: "POST",
        localAddress,
        agent: false,
        headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body), ...(authorization ? { authorization } : {}) },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

function floodRequest(server: ChildServer, i: number): Promise<number> {
  // In the body, as long as a body may be; in HTTP Basic, as long as Node lets a header be (16 KiB in all).
  const clientId = `${"x".repeat(i % 2 === 0 ? 60_000 : 8_000)}${i}`;
  const path = ["/oauth/token", "/oauth/revoke", "/oauth/introspect"][i % 3]!;
  const address = ADDRESSES[i % ADDRESSES.length]!;
  const params = "grant_type=authorization_code&code=x&token=gat_x";
  if (i % 2 === 0) return post(server, path, `${params}&client_id=${clientId}`, address);
  return post(server, path, params, address, `Basic ${Buffer.from(`${clientId}:secret`).toString("base64")}`);
}

test.describe("memory under an unauthenticated flood", () => {
  test.setTimeout(180_000);
  let server: ChildServer;
  test.beforeAll(async () => {
    server = await startChildServer(PORT);
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("3,000 requests with 60,000-character client IDs leave the heap where it was", async () => {
    // Warm up the same paths first, so what is compiled and cached once is in the baseline.
    for (let i = 0; i < 300; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => floodRequest(server, REQUESTS + i + j)));
    const before = await server.heapUsed();
    const statuses = new Map<number, number>();
    for (let i = 0; i < REQUESTS; i += 10) {
      for (const status of await Promise.all(Array.from({ length: 10 }, (_, j) => floodRequest(server, i + j)))) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    const after = await server.heapUsed();
    console.log(`memory flood: heap ${(before / 2 ** 20).toFixed(1)} MB -> ${(after / 2 ** 20).toFixed(1)} MB after ${REQUESTS} requests; answers ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect([...statuses.keys()]).toEqual([401]);
    expect(after - before).toBeLessThan(HEAP_TOLERANCE_BYTES);
  });
});
