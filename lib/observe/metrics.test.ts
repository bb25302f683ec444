import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { installWatcher, watcher } from "@/lib/observe/events";
import { createMetrics, createMetricsServer } from "@/lib/observe/metrics";

afterEach(() => installWatcher(null));

const lineOf = (text: string, start: string) => text.split("\n").find((line) => line.startsWith(start));

describe("the metrics", () => {
  it("count requests and latency by route, method and status, and what the report says", async () => {
    const metrics = createMetrics();
    metrics.request({ route: "token", method: "POST", status: 200, seconds: 0.003, report: { clientId: "c", grantType: "authorization_code", tokens: "issued" } });
    metrics.request({ route: "token", method: "POST", status: 200, seconds: 0.004, report: { grantType: "refresh_token", tokens: "rotated" } });
    metrics.request({ route: "token", method: "POST", status: 400, seconds: 0.001, report: { grantType: "refresh_token", tokens: "revoked", error: "invalid_grant" } });
    metrics.request({ route: "revocation", method: "POST", status: 200, seconds: 0.001, report: { tokens: "revoked" } });
    metrics.request({ route: "page", method: "GET", status: 200, seconds: 0.02, report: undefined });
    const text = await metrics.registry.metrics();
    expect(lineOf(text, 'gatehouse_requests_total{route="token",method="POST",status="200"}')).toMatch(/ 2$/);
    expect(lineOf(text, 'gatehouse_request_duration_seconds_bucket{le="0.0025",route="token",method="POST",status="200"}')).toMatch(/ 0$/);
    expect(lineOf(text, 'gatehouse_request_duration_seconds_bucket{le="0.005",route="token",method="POST",status="200"}')).toMatch(/ 2$/);
    expect(lineOf(text, 'gatehouse_tokens_total{event="issued",grant_type="authorization_code"}')).toMatch(/ 1$/);
    expect(lineOf(text, 'gatehouse_tokens_total{event="rotated",grant_type="refresh_token"}')).toMatch(/ 1$/);
    expect(lineOf(text, 'gatehouse_tokens_total{event="revoked",grant_type="refresh_token"}')).toMatch(/ 1$/);
    expect(lineOf(text, 'gatehouse_tokens_total{event="revoked",grant_type=""}')).toMatch(/ 1$/);
    expect(lineOf(text, 'gatehouse_protocol_errors_total{route="token",error="invalid_grant"}')).toMatch(/ 1$/);
    expect(lineOf(text, 'gatehouse_requests_total{route="page",method="GET",status="200"}')).toMatch(/ 1$/);
  });

  it("hear rate-limit refusals and database calls through the process's watcher, with Node's own metrics", async () => {
    const metrics = createMetrics();
    watcher().rateLimitRefused("client-auth-failures");
    watcher().rateLimitRefused("client-auth-failures");
    watcher().databaseCall("read", 0.0002);
    const text = await metrics.registry.metrics();
    expect(lineOf(text, 'gatehouse_rate_limit_refusals_total{budget="client-auth-failures"}')).toMatch(/ 2$/);
    expect(lineOf(text, 'gatehouse_db_call_duration_seconds_count{operation="read"}')).toMatch(/ 1$/);
    expect(lineOf(text, "gatehouse_draining ")).toBe("gatehouse_draining 0");
    for (const name of ["process_cpu_seconds_total", "nodejs_eventloop_lag_p99_seconds", "nodejs_heap_size_used_bytes"]) expect(text).toContain(`# TYPE ${name}`);
  });
});

describe("the metrics listener", () => {
  it("serves the text format at GET /metrics, 404 elsewhere, 405 for other methods", async () => {
    const server = createMetricsServer(createMetrics().registry);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await fetch(`${base}/metrics`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await ok.text()).toContain("# HELP gatehouse_requests_total");
      expect((await fetch(`${base}/`)).status).toBe(404);
      const post = await fetch(`${base}/metrics`, { method: "POST" });
      expect(post.status).toBe(405);
      expect(post.headers.get("allow")).toBe("GET, HEAD");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

