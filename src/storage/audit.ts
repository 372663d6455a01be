import type { AuditLog } from "../generated/prisma/client.js";
import type { DbOrTx } from "./tx.js";

export type { AuditLog };

export function addAudit(
  db: DbOrTx,
  entry: { guildId: string; actorUserId: string; action: string; matchId?: number | null; detail?: string | null },
): Promise<AuditLog> {
  return db.auditLog.create({ data: entry });
}

export function listAudit(db: DbOrTx, guildId: string, take = 20): Promise<AuditLog[]> {
  return db.auditLog.findMany({ where: { guildId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
}
