import type { Db } from "../db/client.js";
import { findOrCreateGuildSettings, type GuildSettings } from "../storage/settings.js";

export type { GuildSettings };

export function getGuildSettings(db: Db, guildId: string): Promise<GuildSettings> {
  return findOrCreateGuildSettings(db, guildId);
}
