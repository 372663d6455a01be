// /mod queue | approve | reject | round | stats | config | audit — moderators only, checked here on
// the server side (Manage Server or the configured moderator role) for every command and button,
// whatever Discord's default member permissions were changed to.
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { z } from "zod";
import { UserError } from "../errors.js";
import type { EmbedSpec, MessageSpec } from "../interaction/types.js";
import { industryLabel } from "../matching/index.js";
import { approveMatch, rejectMatch, type ReviewResult } from "../services/matches.js";
import { listReviewQueueView, recentAudit } from "../services/review.js";
import { runMatchingRound } from "../services/round.js";
import { changeGuildSettings, getGuildSettings, isModerator, type GuildSettings, type GuildSettingsPatch } from "../services/settings.js";
import { guildStats } from "../services/stats.js";
import { getProfileById } from "../services/profiles.js";
import { matchOption } from "./shared/definitions.js";
import { announceActive, deliverRequest, notice, tell } from "./shared/notify.js";
import { decimal, integer, matchId, parseFields, parseOptions, requireGuild, snowflake, text } from "./shared/options.js";
import { COLORS, discordTimestamp, matchReasons, reasonsText, scoreBar, stageText } from "./shared/views.js";
import { customId, type CommandModule, type Deps } from "./types.js";

const REASON_MAX = 500;

const weight = (name: string, what: string) =>
  ({ type: ApplicationCommandOptionType.Number, name, description: `Weight of ${what} in the score (0–1)`, min_value: 0, max_value: 1 }) as const;
const count = (name: string, description: string, min: number, max: number) =>
  ({ type: ApplicationCommandOptionType.Integer, name, description, min_value: min, max_value: max }) as const;

export const data = {
  name: "mod",
  description: "Moderator tools: review queue, matching rounds, statistics, settings",
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    { type: ApplicationCommandOptionType.Subcommand, name: "queue", description: "Matches waiting for review" },
    { type: ApplicationCommandOptionType.Subcommand, name: "approve", description: "Approve a match", options: [matchOption] },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "reject",
      description: "Reject a match with a reason both people will see",
      options: [
        matchOption,
        { type: ApplicationCommandOptionType.String, name: "reason", description: "Why", required: true, max_length: REASON_MAX },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: "round", description: "Propose mentors for everyone waiting" },
    { type: ApplicationCommandOptionType.Subcommand, name: "stats", description: "Mentors, waiting mentees, load, unmet topics" },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "config",
      description: "Show or change settings (give only what changes)",
      options: [
        { type: ApplicationCommandOptionType.Boolean, name: "review-required", description: "Accepted matches wait for moderator review" },
        { type: ApplicationCommandOptionType.Role, name: "moderator-role", description: "Role that may use /mod (besides Manage Server)" },
        weight("weight-industry", "industry"),
        weight("weight-stage", "career stage"),
        weight("weight-topics", "topics"),
        weight("weight-text", "free text"),
        count("suggestions", "Suggestions shown by /match find (1–10)", 1, 10),
        count("max-pending", "Open requests a mentee may have at once (1–10)", 1, 10),
        count("requests-per-hour", "Requests a member may send per hour (1–50)", 1, 50),
        count("commands-per-minute", "Commands a member may use per minute (5–120)", 5, 120),
        count("expiry-days", "Days before an unanswered request expires (1–30)", 1, 30),
        count("cooldown-days", "Days before a declined pair is suggested again (0–365)", 0, 365),
        {
          type: ApplicationCommandOptionType.Channel,
          name: "match-channel",
          description: "Channel where private threads are opened for active pairs",
          channel_types: [ChannelType.GuildText],
        },
        { type: ApplicationCommandOptionType.Role, name: "mentor-role", description: "Role given to members with a mentor profile" },
        { type: ApplicationCommandOptionType.Role, name: "mentee-role", description: "Role given to members with a mentee profile" },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: "audit", description: "Recent moderator actions" },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const configSchema = z.object({
  "review-required": z.boolean({ error: "must be true or false" }).optional(),
  "moderator-role": snowflake.optional(),
  "weight-industry": decimal(0, 1).optional(),
  "weight-stage": decimal(0, 1).optional(),
  "weight-topics": decimal(0, 1).optional(),
  "weight-text": decimal(0, 1).optional(),
  suggestions: integer(1, 10).optional(),
  "max-pending": integer(1, 10).optional(),
  "requests-per-hour": integer(1, 50).optional(),
  "commands-per-minute": integer(5, 120).optional(),
  "expiry-days": integer(1, 30).optional(),
  "cooldown-days": integer(0, 365).optional(),
  "match-channel": snowflake.optional(),
  "mentor-role": snowflake.optional(),
  "mentee-role": snowflake.optional(),
});

/** Each /mod config option and the settings column it sets (one place for both lists). */
const CONFIG_COLUMNS: readonly (readonly [keyof z.output<typeof configSchema>, keyof GuildSettingsPatch])[] = [
  ["review-required", "reviewRequired"],
  ["moderator-role", "moderatorRoleId"],
  ["weight-industry", "weightIndustry"],
  ["weight-stage", "weightStage"],
  ["weight-topics", "weightTopics"],
  ["weight-text", "weightText"],
  ["suggestions", "suggestionsShown"],
  ["max-pending", "maxPendingRequests"],
  ["requests-per-hour", "requestsPerHour"],
  ["commands-per-minute", "commandsPerMinute"],
  ["expiry-days", "requestExpiryDays"],
  ["cooldown-days", "cooldownDays"],
  ["match-channel", "matchChannelId"],
  ["mentor-role", "mentorRoleId"],
  ["mentee-role", "menteeRoleId"],
];

async function requireModerator(
  ctx: { guildId: string | null; canManageGuild: boolean; memberRoleIds: readonly string[] },
  deps: Deps,
): Promise<{ guildId: string; settings: GuildSettings }> {
  const guildId = requireGuild(ctx.guildId);
  const settings = await getGuildSettings(deps.db, guildId);
  if (!isModerator(ctx, settings)) {
    throw new UserError("Only moderators can do this (Manage Server permission or the moderator role).");
  }
  return { guildId, settings };
}

function settingsEmbed(s: GuildSettings): EmbedSpec {
  const role = (id: string | null) => (id === null ? "not set" : `<@&${id}>`);
  return {
    title: "Mentoring settings",
    fields: [
      { name: "Review required", value: s.reviewRequired ? "yes" : "no", inline: true },
      { name: "Moderator role", value: role(s.moderatorRoleId), inline: true },
      { name: "Match channel", value: s.matchChannelId === null ? "not set (DMs)" : `<#${s.matchChannelId}>`, inline: true },
      {
        name: "Weights",
        value: `industry ${s.weightIndustry} · stage ${s.weightStage} · topics ${s.weightTopics} · text ${s.weightText}`,
      },
      {
        name: "Limits",
        value: `${s.suggestionsShown} suggestions · ${s.maxPendingRequests} open requests per mentee · ${s.requestsPerHour} requests/hour · ${s.commandsPerMinute} commands/minute`,
      },
      { name: "Timers", value: `requests expire after ${s.requestExpiryDays} days · declined pairs rest ${s.cooldownDays} days` },
      { name: "Roles given", value: `mentors: ${role(s.mentorRoleId)} · mentees: ${role(s.menteeRoleId)}` },
    ],
    color: COLORS.brand,
  };
}

/** Tells both people about a review decision and starts whatever comes next. */
async function afterReview(deps: Deps, result: ReviewResult, reason: string | null): Promise<void> {
  const { match } = result;
  if (result.status === "active") {
    await announceActive(deps, match);
    await tell(deps, match.guildId, match.mentor?.userId, notice(`Match #${match.id} approved`, `You and ${match.mentee?.displayName ?? "your mentee"} can start.`, COLORS.success));
  } else if (result.status === "requested") {
    const mentee = match.menteeProfileId === null ? null : await getProfileById(deps.db, match.menteeProfileId);
    if (mentee !== null) {
      await deliverRequest(deps, match, mentee, null);
      await tell(deps, match.guildId, mentee.userId, notice(`A mentor was proposed for you`, `A moderator proposed ${match.mentor?.displayName ?? "a mentor"} (match #${match.id}). We asked them; you will hear when they answer.`));
    }
  } else {
    const text = `A moderator did not approve match #${match.id}${reason === null ? "." : `: ${reason}`}`;
    await tell(deps, match.guildId, match.mentee?.userId, notice(`Match #${match.id} not approved`, `${text}\nRun \`/match find\` for other suggestions.`, COLORS.muted));
    await tell(deps, match.guildId, match.mentor?.userId, notice(`Match #${match.id} not approved`, text, COLORS.muted));
  }
}

function reviewAnswer(result: ReviewResult): string {
  if (result.status === "active") return `✅ Match #${result.match.id} approved and active. Both people were told.`;
  if (result.status === "requested") return `✅ Proposal #${result.match.id} approved; it was sent to the mentor to accept.`;
  return `Match #${result.match.id} rejected. Both people were told.`;
}

function queueCard(m: Awaited<ReturnType<typeof listReviewQueueView>>["matches"][number]): EmbedSpec {
  return {
    title: `#${m.id} · ${m.mentor?.displayName ?? "former member"} → ${m.mentee?.displayName ?? "former member"}`,
    description: `${m.source === "round" ? "Proposed by a matching round" : "Requested, accepted by the mentor"} · ${scoreBar(m.score)}`,
    fields: [
      {
        name: "Mentee",
        value: m.mentee === null ? "—" : `${industryLabel(m.mentee.industry)} · ${stageText(m.mentee.stage)}`,
        inline: true,
      },
      {
        name: "Mentor",
        value: m.mentor === null ? "—" : `${industryLabel(m.mentor.industry)} · ${stageText(m.mentor.stage)}`,
        inline: true,
      },
      { name: "Why", value: reasonsText(matchReasons(m)) },
    ],
    footer: `waiting since ${(m.mentorDecidedAt ?? m.createdAt).toISOString().slice(0, 16).replace("T", " ")} UTC`,
    color: COLORS.warning,
  };
}

async function queue(guildId: string, deps: Deps): Promise<MessageSpec> {
  const { matches, total } = await listReviewQueueView(deps.db, guildId, 5);
  if (matches.length === 0) return { content: "The review queue is empty. 🎉", ephemeral: true };
  return {
    content: `${total} match(es) waiting for review${total > matches.length ? ` — showing the oldest ${matches.length}` : ""}.`,
    embeds: matches.map(queueCard),
    buttons: matches.map((m) => [
      { customId: customId("mod", "approve", m.id), label: `Approve #${m.id}`, style: "success" },
      { customId: customId("mod", "reject", m.id), label: `Reject #${m.id}`, style: "danger" },
    ]),
    ephemeral: true,
  };
}

function statsEmbeds(stats: Awaited<ReturnType<typeof guildStats>>): EmbedSpec[] {
  const days = (d: number) => `${d.toFixed(1)} days`;
  const pct = stats.capacity.total === 0 ? 0 : Math.round((stats.capacity.used / stats.capacity.total) * 100);
  return [
    {
      title: "Mentoring statistics",
      fields: [
        {
          name: "Mentors",
          value: `${stats.mentors.available} available (${stats.mentors.full} of them full) · ${stats.mentors.unavailable} unavailable`,
        },
        { name: "Capacity used", value: `${stats.capacity.used} of ${stats.capacity.total} places (${pct}%)` },
        {
          name: "Mentees waiting",
          value:
            stats.mentees.waiting === 0
              ? "Nobody is waiting."
              : `${stats.mentees.waiting} of ${stats.mentees.total} without an active mentor (${stats.mentees.inProgress} with a request or proposal in progress) · median wait ${days(stats.mentees.medianWaitDays)} · longest ${days(stats.mentees.longestWaitDays)}\n` +
                stats.mentees.longestWaiting.map((w) => `• ${w.name}: ${days(w.days)}`).join("\n"),
        },
        {
          name: "Matches",
          value: `${stats.matches.active} active · ${stats.matches.pendingReview} in review · ${stats.matches.requested} requests open · ${stats.matches.ended} ended · ${stats.matches.declinedOrRejected} declined/rejected`,
        },
        {
          name: "Topics asked for with no available mentor (mentees with nothing in progress)",
          value:
            stats.unmetTopics.length === 0
              ? "None — every waiting mentee's topics are covered."
              : stats.unmetTopics.map((t) => `${t.label} (${t.mentees})`).join(", "),
        },
        { name: "New active matches per week", value: stats.perWeek.map((w) => `${w.weekStart}: ${w.activated}`).join("\n") },
        {
          name: "Feedback",
          value: stats.feedback.count === 0 ? "None yet." : `${stats.feedback.count} entries · average rating ${stats.feedback.averageRating?.toFixed(1) ?? "—"} / 5`,
        },
      ],
      color: COLORS.brand,
    },
  ];
}

export const modCommand: CommandModule = {
  data,
  async execute(ctx, res, deps) {
    const { guildId, settings } = await requireModerator(ctx, deps);
    const now = deps.clock.now();
    switch (ctx.subcommand) {
      case "queue":
        return res.reply(await queue(guildId, deps));
      case "approve": {
        const options = parseOptions(z.object({ match: matchId }), ctx.options);
        const result = await approveMatch(deps.db, guildId, options.match, ctx.user.id, now);
        await res.reply({ content: reviewAnswer(result), ephemeral: true });
        return afterReview(deps, result, null);
      }
      case "reject": {
        const options = parseOptions(z.object({ match: matchId, reason: text(REASON_MAX, { multiline: true }) }), ctx.options);
        const result = await rejectMatch(deps.db, guildId, options.match, ctx.user.id, options.reason, now);
        await res.reply({ content: reviewAnswer(result), ephemeral: true });
        return afterReview(deps, result, options.reason);
      }
      case "round": {
        await res.defer({ ephemeral: true });
        const summary = await runMatchingRound(deps.db, guildId, ctx.user.id, now, async (stage) => {
          await res.editReply({ content: `⏳ ${stage}` });
        });
        await res.editReply({
          content:
            summary.waiting === 0
              ? "Nobody is waiting for a mentor right now."
              : `✅ Round done: ${summary.proposed.length} proposal(s) for ${summary.waiting} waiting mentee(s) (${summary.mentorsWithPlaces} mentors had free places; total score ${summary.totalScore.toFixed(2)}). ${summary.unassigned} mentee(s) could not be placed. Review them with \`/mod queue\`.`,
        });
        return;
      }
      case "stats":
        return res.reply({ embeds: statsEmbeds(await guildStats(deps.db, guildId, now)), ephemeral: true });
      case "config": {
        const o = parseOptions(configSchema, ctx.options);
        const patch: GuildSettingsPatch = {};
        for (const [option, column] of CONFIG_COLUMNS) {
          const value = o[option];
          if (value !== undefined) Object.assign(patch, { [column]: value });
        }
        const changed = Object.keys(patch).length > 0;
        const updated = changed ? await changeGuildSettings(deps.db, guildId, patch, ctx.user.id) : settings;
        return res.reply({ content: changed ? "✅ Settings saved." : undefined, embeds: [settingsEmbed(updated)], ephemeral: true });
      }
      case "audit": {
        const entries = await recentAudit(deps.db, guildId);
        return res.reply({
          embeds: [
            {
              title: "Recent moderator actions",
              description:
                entries.length === 0
                  ? "Nothing yet."
                  : entries
                      .map((e) => `${discordTimestamp(e.createdAt)} <@${e.actorUserId}> ${e.action}${e.matchId === null ? "" : ` #${e.matchId}`}${e.detail === null ? "" : ` — ${e.detail}`}`)
                      .join("\n"),
              color: COLORS.muted,
            },
          ],
          ephemeral: true,
        });
      }
      default:
        throw new UserError(`Unknown subcommand \`/mod ${ctx.subcommand ?? ""}\`.`);
    }
  },

  async button(ctx, action, id, res, deps) {
    const { guildId } = await requireModerator(ctx, deps);
    const matchNumber = parseFields(z.object({ id: matchId }), { id }).id;
    if (action === "approve") {
      const result = await approveMatch(deps.db, guildId, matchNumber, ctx.user.id, deps.clock.now());
      await res.reply({ content: reviewAnswer(result), ephemeral: true });
      return afterReview(deps, result, null);
    }
    if (action === "reject") {
      await res.showModal({
        customId: customId("mod", "reject-form", matchNumber),
        title: `Reject match #${matchNumber}`,
        fields: [
          {
            customId: "reason",
            label: "Reason (both people will see it)",
            style: "paragraph",
            required: true,
            minLength: 1,
            maxLength: REASON_MAX,
            placeholder: "e.g. The mentor's focus is B2B sales; a product mentor would fit better.",
          },
        ],
      });
      return;
    }
    throw new UserError("This button is no longer supported. Run `/mod queue` again.");
  },

  async modal(ctx, action, id, res, deps) {
    const { guildId } = await requireModerator(ctx, deps);
    if (action !== "reject-form") throw new UserError("This form is no longer supported. Run `/mod queue` again.");
    const matchNumber = parseFields(z.object({ id: matchId }), { id }).id;
    const { reason } = parseFields(z.object({ reason: text(REASON_MAX, { multiline: true }) }), ctx.fields);
    const result = await rejectMatch(deps.db, guildId, matchNumber, ctx.user.id, reason, deps.clock.now());
    await res.reply({ content: reviewAnswer(result), ephemeral: true });
    return afterReview(deps, result, reason);
  },
};

