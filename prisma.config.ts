import { defineConfig } from "prisma/config";

// The app applies migrations itself at start-up (lib/migrate.ts); this file serves the CLI
// (`prisma generate`, and `prisma migrate deploy` where its engine can be downloaded).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/triplock" },
});
