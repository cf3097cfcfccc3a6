import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "./config";
import { poolConfig } from "./database-url";
import { PrismaClient } from "./generated/prisma/client";

// One client per process; kept on globalThis so dev-mode reloads do not open new pools.
const globalForPrisma = globalThis as unknown as { triplockPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const { databaseUrl, dataDir } = config();
  return new PrismaClient({ adapter: new PrismaPg(poolConfig(databaseUrl, dataDir)) });
}

export const prisma: PrismaClient = (globalForPrisma.triplockPrisma ??= createClient());
