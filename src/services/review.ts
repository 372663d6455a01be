import type { Db } from "../db/client.js";
import { listAudit, type AuditLog } from "../storage/audit.js";
import { countReviewQueue, listReviewQueue, type MatchWithPeople } from "../storage/matches.js";

export async function listReviewQueueView(db: Db, guildId: string, take: number): Promise<{ matches: MatchWithPeople[]; total: number }> {
  const [matches, total] = await Promise.all([listReviewQueue(db, guildId, take), countReviewQueue(db, guildId)]);
  return { matches, total };
}

export function recentAudit(db: Db, guildId: string): Promise<AuditLog[]> {
  return listAudit(db, guildId, 15);
}
