import { openApiDocument } from "@/lib/web/openapi";

const document = openApiDocument();

export function GET() {
  return Response.json(document);
}
