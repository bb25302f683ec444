import { healthReport } from "@/lib/health";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and the test harness. */
export async function GET() {
  const { status, body } = await healthReport();
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}
