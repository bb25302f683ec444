import { checkDatabase } from "@/lib/db/health";

export type HealthReport = { status: 200 | 503; body: { status: "ok" | "degraded"; database: "ok" | "unreachable" } };

/** Whether this instance can serve: its database answers. */
export async function healthReport(): Promise<HealthReport> {
  const database = await checkDatabase();
  return database ? { status: 200, body: { status: "ok", database: "ok" } } : { status: 503, body: { status: "degraded", database: "unreachable" } };
}
