import { metricsResponse } from "@/lib/web/metrics";

export const dynamic = "force-dynamic";

export const GET = metricsResponse;
