import type { DbOrTx } from "./tx.js";
import type { GuildSettings } from "../generated/prisma/client.js";

export type { GuildSettings };

export type GuildSettingsPatch = Partial<Omit<GuildSettings, "guildId" | "createdAt" | "updatedAt">>;

export async function findOrCreateGuildSettings(db: DbOrTx, guildId: string): Promise<GuildSettings> {
  const found = await db.guildSettings.findUnique({ where: { guildId } });
  if (found !== null) return found;
  return db.guildSettings.upsert({ where: { guildId }, create: { guildId }, update: {} });
}

export async function updateGuildSettings(db: DbOrTx, guildId: string, patch: GuildSettingsPatch): Promise<GuildSettings> {
  return db.guildSettings.upsert({ where: { guildId }, create: { guildId, ...patch }, update: patch });
}
