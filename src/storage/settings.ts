import type { GuildSettings } from "../generated/prisma/client.js";
import { withMatchingChange } from "./matching-version.js";
import type { DbOrTx } from "./tx.js";

export type { GuildSettings };

export type GuildSettingsPatch = Partial<Omit<GuildSettings, "guildId" | "createdAt" | "updatedAt">>;

/** The schema's column defaults (prisma/schema.prisma); a test checks they agree. */
export const DEFAULT_GUILD_SETTINGS: Omit<GuildSettings, "guildId" | "createdAt" | "updatedAt"> = {
  moderatorRoleId: null,
  reviewRequired: true,
  weightIndustry: 0.25,
  weightStage: 0.25,
  weightTopics: 0.35,
  weightText: 0.15,
  suggestionsShown: 5,
  maxPendingRequests: 3,
  requestsPerHour: 5,
  commandsPerMinute: 20,
  requestExpiryDays: 7,
  cooldownDays: 30,
  matchChannelId: null,
  mentorRoleId: null,
  menteeRoleId: null,
  checkinDays: 14,
  nudgeDays: 21,
  idleDays: 60,
  firstAcceptanceWins: true,
};

/**
 * A server's settings; a server that never changed them gets the defaults without a write, so
 * reading settings (done on every interaction) never takes SQLite's write lock.
 */
export async function findOrCreateGuildSettings(db: DbOrTx, guildId: string): Promise<GuildSettings> {
  const found = await db.guildSettings.findUnique({ where: { guildId } });
  if (found !== null) return found;
  const epoch = new Date(0);
  return { guildId, ...DEFAULT_GUILD_SETTINGS, createdAt: epoch, updatedAt: epoch };
}

/** Settings the live matching index depends on: a change to one re-reads the server's settings. */
const MATCHING_SETTINGS = ["weightIndustry", "weightStage", "weightTopics", "weightText", "cooldownDays"] as const;

export async function updateGuildSettings(db: DbOrTx, guildId: string, patch: GuildSettingsPatch): Promise<GuildSettings> {
  const matching = MATCHING_SETTINGS.some((key) => patch[key] !== undefined);
  if (!matching) return db.guildSettings.upsert({ where: { guildId }, create: { guildId, ...patch }, update: patch });
  return withMatchingChange(db, async (tx) => ({
    result: await tx.guildSettings.upsert({ where: { guildId }, create: { guildId, ...patch }, update: patch }),
    guildId,
    profileIds: [null],
  }));
}
