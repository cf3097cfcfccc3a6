import "server-only";
import { prisma } from "../db";

export async function listDevMail(to?: string) {
  const mail = await prisma.devMail.findMany({
    where: to ? { to: to.trim().toLowerCase() } : {},
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return mail.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() }));
}
