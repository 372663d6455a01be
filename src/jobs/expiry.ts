// The periodic job: request expiry (mentees told with fresh suggestions, mentors reminded once
// before, and paused after two unanswered requests in a row), then the follow-through jobs
// (jobs/follow-through.ts). Run by the bot every minute and by the console after `/clock`. Due
// times live in the database, so nothing is lost across restarts.
import type { Deps } from "../interaction/command.js";
import { notice, tell } from "../commands/shared/notify.js";
import { requestToMentor } from "../commands/match.js";
import { md, name } from "../commands/shared/markdown.js";
import { COLORS, discordTimestamp } from "../commands/shared/views.js";
import { freshMentorSuggestions } from "../services/community.js";
import { processDueRequests } from "../services/expiry.js";
import { getProfileById } from "../services/profiles.js";
import type { GuildScope } from "../services/expiry.js";
import { runFollowThroughJobs, type FollowThroughSummary } from "./follow-through.js";
import { runOfficeHourJobs, type OfficeHourSummary } from "./office-hours.js";

export interface TickSummary extends FollowThroughSummary, OfficeHourSummary {
  expired: number;
  reminded: number;
  /** Mentors paused for letting two requests in a row expire. */
  paused: number;
}

/**
 * Runs every timed job once. `guilds` limits the work to those servers (a shard's own, see
 * src/shard.ts); without it every server is processed (one process serves them all).
 */
export async function runDueJobs(deps: Deps, guilds?: GuildScope): Promise<TickSummary> {
  const now = deps.clock.now();
  const due = await processDueRequests(deps.db, now, guilds);
  for (const match of due.expired) {
    if (match.mentee === null) continue;
    let fresh = "";
    try {
      // From the server's live index (built once per process, then kept current).
      const suggestions = await freshMentorSuggestions(deps.db, match.guildId, match.mentee.userId, now);
      fresh = suggestions.length === 0 ? "" : `\nFresh suggestions: ${suggestions.slice(0, 3).map((s) => `${md(s.profile.displayName)} (${Math.round(s.score.score * 100)}%)`).join(", ")} — request them with \`/match find\`.`;
    } catch (error) {
      deps.logger.warn({ err: error, matchId: match.id }, "could not compute fresh suggestions");
    }
    await tell(
      deps,
      match.guildId,
      match.mentee.userId,
      notice(
        `Request #${match.id} expired`,
        `${name(match.mentor, "The mentor")} did not answer in time — mentors are volunteers and sometimes busy.${fresh}`,
        COLORS.muted,
      ),
    );
  }
  for (const match of due.reminders) {
    if (match.mentor === null || match.menteeProfileId === null) continue;
    const mentee = await getProfileById(deps.db, match.menteeProfileId);
    if (mentee === null) continue;
    const reminder = requestToMentor(match, mentee);
    reminder.content = `⏰ Reminder: request #${match.id} from ${md(mentee.displayName)} expires ${match.expiresAt === null ? "soon" : discordTimestamp(match.expiresAt)}.`;
    await tell(deps, match.guildId, match.mentor.userId, reminder);
  }
  for (const match of due.paused) {
    await tell(
      deps,
      match.guildId,
      match.mentor?.userId,
      notice(
        "⏸️ Your availability is paused",
        "Two requests in a row expired without an answer, so you will get no new requests for now — mentees then wait less. Nothing else changes: your current matches go on. When you are ready again, run `/mentor availability status:on`.",
        COLORS.warning,
      ),
    );
  }
  const followThrough = await runFollowThroughJobs(deps, guilds);
  const officeHours = await runOfficeHourJobs(deps, guilds);
  return { expired: due.expired.length, reminded: due.reminders.length, paused: due.paused.length, ...followThrough, ...officeHours };
}
