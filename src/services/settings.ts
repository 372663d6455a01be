import type { Db } from "../db/client.js";
import { UserError } from "../errors.js";
import { addAudit } from "../storage/audit.js";
import { inTransaction } from "../storage/tx.js";
import { findOrCreateGuildSettings, updateGuildSettings, type GuildSettings, type GuildSettingsPatch } from "../storage/settings.js";

export type { GuildSettings, GuildSettingsPatch };

export function getGuildSettings(db: Db, guildId: string): Promise<GuildSettings> {
  return findOrCreateGuildSettings(db, guildId);
}

/** Applies a /mod config change after checking the rules that span several fields. */
export async function changeGuildSettings(
  db: Db,
  guildId: string,
  patch: GuildSettingsPatch,
  moderatorId: string,
): Promise<GuildSettings> {
  const current = await getGuildSettings(db, guildId);
  const next = { ...current, ...patch };
  const weightSum = next.weightIndustry + next.weightStage + next.weightTopics + next.weightText;
  if (weightSum <= 0) throw new UserError("Weights: at least one matching weight must be above 0.");
  if (next.idleDays <= next.nudgeDays) {
    throw new UserError(`Option \`${"idleDays" in patch ? "idle-days" : "nudge-days"}\`: idle-days (${next.idleDays}) must be more than nudge-days (${next.nudgeDays}), so the nudge comes first.`);
  }
  return inTransaction(db, async (tx) => {
    const updated = await updateGuildSettings(tx, guildId, patch);
    await addAudit(tx, { guildId, actorUserId: moderatorId, action: "config", detail: Object.keys(patch).sort().join(", ") });
    return updated;
  });
}

/**
 * Server-side moderator check: Manage Server, or the configured moderator role. Checked on every
 * /mod command and moderator button, whatever Discord's default permissions say.
 */
export function isModerator(
  member: { canManageGuild: boolean; memberRoleIds: readonly string[] },
  settings: Pick<GuildSettings, "moderatorRoleId">,
): boolean {
  if (member.canManageGuild) return true;
  return settings.moderatorRoleId !== null && member.memberRoleIds.includes(settings.moderatorRoleId);
}
