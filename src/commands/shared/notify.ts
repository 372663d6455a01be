// Messages to people other than the one interacting: the mentor's request DM, the pair's thread.
// Delivery problems never fail the action that caused them; the notifier logs and reports them.
import type { MessageSpec } from "../../interaction/types.js";
import type { Deps } from "../../interaction/command.js";
import { recordPairThread, type MatchWithPeople } from "../../services/matches.js";
import { getGuildSettings } from "../../services/settings.js";
import { name } from "./markdown.js";
import { COLORS, starterMessage } from "./views.js";

export async function tell(deps: Deps, guildId: string, userId: string | undefined, message: MessageSpec, fallbackChannelId?: string | null) {
  if (userId === undefined) return "failed" as const;
  return deps.notifier.notifyUser(guildId, userId, message, { fallbackChannelId: fallbackChannelId ?? null });
}

export function notice(title: string, description: string, color: number = COLORS.brand): MessageSpec {
  return { embeds: [{ title, description, color }] };
}

/** A match just became active: open the pair's private space and tell both. */
export async function announceActive(deps: Deps, match: MatchWithPeople): Promise<void> {
  if (match.mentor === null || match.mentee === null) return;
  const settings = await getGuildSettings(deps.db, match.guildId);
  const { threadId } = await deps.notifier.openPairSpace({
    guildId: match.guildId,
    channelId: settings.matchChannelId,
    name: `Mentoring: ${match.mentor.displayName} & ${match.mentee.displayName}`.slice(0, 100),
    userIds: [match.mentor.userId, match.mentee.userId],
    starter: starterMessage(match),
  });
  if (threadId !== null) await recordPairThread(deps.db, match.id, threadId);
  const where = threadId === null ? "Check your DMs for the welcome message." : `Your private thread: <#${threadId}>.`;
  await tell(
    deps,
    match.guildId,
    match.mentee.userId,
    notice(`🎉 You are matched with ${name(match.mentor, "your mentor")}`, `Match #${match.id} is active. ${where}`, COLORS.success),
  );
}
