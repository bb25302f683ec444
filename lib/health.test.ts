import { afterEach, describe, expect, it, vi } from "vitest";
import { beginDraining, CHECK_TIMEOUT_MS, HEALTH_PATHS, HEALTH_ROUTES, readinessAnswer, readinessOf, READINESS_KEPT_MS } from "@/lib/health";

const globalForHealth = globalThis as unknown as { gatehouseDraining?: boolean };
afterEach(() => {
  globalForHealth.gatehouseDraining = undefined;
  vi.useRealTimers();
});

const bodyOf = (answer: { body: string | Uint8Array }) => JSON.parse(String(answer.body)) as Record<string, unknown>;

describe("readiness", () => {
  it("is ready when every check is ok and the instance is not draining", async () => {
    const answer = readinessAnswer(await readinessOf({ database: async () => "ok", migrations: async () => "ok" })());
    expect(answer.status).toBe(200);
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(bodyOf(answer)).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok", draining: "ok" } });
  });

  it("answers 503 naming the failing check, a check that throws included", async () => {
    const answer = readinessAnswer(
      await readinessOf({
        database: async () => "ok",
        migrations: async () => {
          throw new Error("no such table: _prisma_migrations\nstack");
        },
      })(),
    );
    expect(answer.status).toBe(503);
    expect(bodyOf(answer)).toEqual({ status: "not_ready", failing: ["migrations"], checks: { database: "ok", migrations: "the migrations check failed: no such table: _prisma_migrations", draining: "ok" } });
  });

  it("fails a check that does not answer in time", async () => {
    vi.useFakeTimers();
    const pending = readinessOf({ database: () => new Promise(() => undefined) })();
    await vi.advanceTimersByTimeAsync(CHECK_TIMEOUT_MS);
    expect((await pending).checks.database).toBe(`the database check did not answer within ${CHECK_TIMEOUT_MS / 1000} s`);
  });

  it("fails at once when draining, without waiting for the kept results to expire", async () => {
    const ready = readinessOf({ database: async () => "ok" });
    expect((await ready()).ready).toBe(true);
    beginDraining();
    const answer = readinessAnswer(await ready());
    expect(answer.status).toBe(503);
    expect(bodyOf(answer)).toMatchObject({ failing: ["draining"] });
  });

  it("runs the checks once for every probe within READINESS_KEPT_MS", async () => {
    let now = 0;
    const check = vi.fn(async () => "ok");
    const ready = readinessOf({ database: check }, () => now);
    await Promise.all([ready(), ready(), ready()]);
    now += READINESS_KEPT_MS - 1;
    await ready();
    expect(check).toHaveBeenCalledTimes(1);
    now += 1;
    await ready();
    expect(check).toHaveBeenCalledTimes(2);
  });
});

describe("the health routes", () => {
  it("answers liveness with 200 and no database, HEAD too, and 405 with Allow for other methods", async () => {
    const route = HEALTH_ROUTES[HEALTH_PATHS.liveness]!;
    const request = (method: string) => ({ method, url: `http://x${HEALTH_PATHS.liveness}`, headers: {}, body: new Uint8Array(), clientAddress: "unknown" });
    const get = await route.GET(request("GET"));
    expect(get.status).toBe(200);
    expect(bodyOf(get)).toEqual({ status: "ok" });
    expect(get.headers["cache-control"]).toBe("no-store");
    expect((await route.HEAD(request("HEAD"))).status).toBe(200);
    const post = await route.POST(request("POST"));
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
  });
});
