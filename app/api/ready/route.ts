import { readiness } from "@/lib/web/readiness";

export const dynamic = "force-dynamic";

export async function GET() {
  const ready = await readiness();
  return ready.status === "ready"
    ? Response.json(ready)
    : Response.json(ready, { status: 503, headers: { "Retry-After": "5" } });
}
