// Per-server counts for the metrics gauges, read on each scrape: two grouped COUNTs, each one
// query whatever the number of servers.
import { inScope, type GuildScope } from "./scope.js";
import type { DbOrTx } from "./tx.js";

export interface ServerCounts {
  /** Mentee profiles waiting for a mentor (menteeWaitingSince set). */
  waitingMentees: number;
  /** Requests not decided yet: waiting for the mentor (requested) or for a moderator (pending_review). */
  openRequests: number;
}

export async function countsPerServer(db: DbOrTx, guilds?: GuildScope): Promise<Map<string, ServerCounts>> {
  const [waiting, open] = await Promise.all([
    db.profile.groupBy({ by: ["guildId"], where: { isMentee: true, menteeWaitingSince: { not: null }, ...inScope(guilds) }, _count: { _all: true } }),
    db.match.groupBy({ by: ["guildId"], where: { status: { in: ["requested", "pending_review"] }, ...inScope(guilds) }, _count: { _all: true } }),
  ]);
  const out = new Map<string, ServerCounts>();
  const entry = (guildId: string) => {
    let counts = out.get(guildId);
    if (counts === undefined) out.set(guildId, (counts = { waitingMentees: 0, openRequests: 0 }));
    return counts;
  };
  for (const row of waiting) entry(row.guildId).waitingMentees = row._count._all;
  for (const row of open) entry(row.guildId).openRequests = row._count._all;
  return out;
}
