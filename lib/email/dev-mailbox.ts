import "server-only";
import { db } from "../server/db";

export async function listDevMail(to?: string) {
  const mail = await db().devMail.findMany({
    where: to ? { to: to.trim().toLowerCase() } : {},
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return mail.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() }));
}
