import { afterEach, describe, expect, it } from "vitest";
import { sqlDatabase } from "@/lib/db/sql/database";
import { HEALTH_PATHS, HEALTH_ROUTES, READINESS_KEPT_MS, SERVER_CHECKS } from "@/lib/health";

// The server's readiness on the test database: every migration applied, then one taken away.
const request = { method: "GET", url: `http://x${HEALTH_PATHS.readiness}`, headers: {}, body: new Uint8Array(), clientAddress: "unknown" };

describe("the server's readiness checks", () => {
  let restore: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await restore?.();
    restore = null;
  });

  it("pass on a database with every migration of this build", async () => {
    expect(await SERVER_CHECKS.database!()).toBe("ok");
    expect(await SERVER_CHECKS.migrations!()).toBe("ok");
    const answer = await HEALTH_ROUTES[HEALTH_PATHS.readiness]!.GET(request);
    expect(answer.status).toBe(200);
    expect(JSON.parse(String(answer.body))).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok", draining: "ok" } });
  });

  it("fail naming the migration that is missing and the command that applies it", async () => {
    const db = sqlDatabase();
    const [last] = await db.all<{ migration_name: string }>(`SELECT "migration_name" FROM "_prisma_migrations" ORDER BY "migration_name" DESC LIMIT 1`, []);
    const name = last!.migration_name;
    await db.run(`UPDATE "_prisma_migrations" SET "rolled_back_at" = "finished_at" WHERE "migration_name" = ?`, [name]);
    restore = async () => void (await db.run(`UPDATE "_prisma_migrations" SET "rolled_back_at" = NULL WHERE "migration_name" = ?`, [name]));
    expect(await SERVER_CHECKS.migrations!()).toBe(`the database lacks 1 of this build's migrations (${name}): run npm run db:deploy`);
    await new Promise((resolve) => setTimeout(resolve, READINESS_KEPT_MS));
    const answer = await HEALTH_ROUTES[HEALTH_PATHS.readiness]!.GET(request);
    expect(answer.status).toBe(503);
    expect(JSON.parse(String(answer.body))).toMatchObject({ status: "not_ready", failing: ["migrations"] });
  });
});
