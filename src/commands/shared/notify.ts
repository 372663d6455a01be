// Messages to people other than the one interacting: the mentor's request DM, the pair's thread.
// Handlers answer the member first and send these after; a delivery problem never fails the action
// that caused it: the notifier logs it and the member is told in a follow-up (tellOrReport).
import type { MessageSpec, Responder } from "../../interaction/types.js";
import type { Deps } from "../../interaction/command.js";
import { freshMentorSuggestions } from "../../services/community.js";
import { recordPairThread, type MatchWithPeople } from "../../services/matches.js";
import { resourcesForPair } from "../../services/resources.js";
import { getGuildSettings } from "../../services/settings.js";
import { md, name } from "./markdown.js";
import { COLORS, starterMessage } from "./views.js";

export async function tell(deps: Deps, guildId: string, userId: string | undefined, message: MessageSpec, fallbackChannelId?: string | null) {
  if (userId === undefined) return "failed" as const;
  return deps.notifier.notifyUser(guildId, userId, message, { fallbackChannelId: fallbackChannelId ?? null });
}

/** Tells `userId`; when the DM could not be delivered (and no channel took it), says so to the member who acted. */
async function tellAndReport(deps: Deps, res: Pick<Responder, "followUp">, guildId: string, userId: string, message: MessageSpec, who: string, whereToLook: string): Promise<void> {
  const outcome = await tell(deps, guildId, userId, message);
  if (outcome === "failed") {
    await res.followUp({ content: `⚠️ ${who} could not be told by DM right now; they will see it in ${whereToLook}.`, ephemeral: true });
  }
}

/** Tells another member after the handler has answered; an undelivered DM is reported in an ephemeral follow-up. */
export async function tellOrReport(
  deps: Deps,
  res: Pick<Responder, "followUp">,
  guildId: string,
  to: { userId: string; displayName: string } | null | undefined,
  message: MessageSpec,
  whereToLook: string,
): Promise<void> {
  if (to === null || to === undefined) return;
  await tellAndReport(deps, res, guildId, to.userId, message, name(to, "They"), whereToLook);
}

export function notice(title: string, description: string, color: number = COLORS.brand): MessageSpec {
  return { embeds: [{ title, description, color }] };
}

/** A match just became active: open the pair's private space and tell both. */
export async function announceActive(deps: Deps, match: MatchWithPeople): Promise<void> {
  if (match.mentor === null || match.mentee === null) return;
  const settings = await getGuildSettings(deps.db, match.guildId);
  const resources = await resourcesForPair(deps.db, match.guildId, match.mentor.id, match.mentee.id).catch((error: unknown) => {
    deps.logger.warn({ err: error, matchId: match.id }, "could not read resources for the welcome");
    return [];
  });
  const { threadId } = await deps.notifier.openPairSpace({
    guildId: match.guildId,
    channelId: settings.matchChannelId,
    name: `Mentoring: ${match.mentor.displayName} & ${match.mentee.displayName}`.slice(0, 100),
    userIds: [match.mentor.userId, match.mentee.userId],
    starter: starterMessage(match, resources),
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

/** As tellOrReport, for a user id and a name already escaped (`whom`). */
export async function tellAfter(
  deps: Deps,
  res: Pick<Responder, "followUp">,
  guildId: string,
  userId: string | undefined,
  message: MessageSpec,
  whom: string,
): Promise<void> {
  if (userId === undefined) return;
  await tellAndReport(deps, res, guildId, userId, message, whom, "`/match list`");
}

/** "Fresh suggestions: …" for a mentee who is waiting again ("" when there is none or on failure). */
export async function freshSuggestions(deps: Deps, guildId: string, menteeUserId: string | undefined): Promise<string> {
  if (menteeUserId === undefined) return "";
  try {
    const suggestions = await freshMentorSuggestions(deps.db, guildId, menteeUserId, deps.clock.now());
    if (suggestions.length === 0) return "";
    const names = suggestions.slice(0, 3).map((s) => `${md(s.profile.displayName)} (${Math.round(s.score.score * 100)}%)`).join(", ");
    return `\nFresh suggestions: ${names} — request them with \`/match find\`.`;
  } catch (error) {
    deps.logger.warn({ err: error, guildId }, "could not compute fresh suggestions");
    return "";
  }
}
