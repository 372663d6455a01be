// /mod queue | approve | reject | round | stats | import | config | audit — moderators only. The router checks
// it on the server side (Manage Server or the configured moderator role) for every subcommand,
// button and form, whatever Discord's default member permissions were changed to.
import { ChannelType, PermissionFlagsBits } from "discord.js";
import { defineCommand, sub, type Deps } from "../interaction/command.js";
import { button, components, field, ids, modal } from "../interaction/components.js";
import { opt, type AnyOpt } from "../interaction/options.js";
import type { EmbedSpec, MessageSpec, Responder } from "../interaction/types.js";
import { industryLabel } from "../matching/index.js";
import { flaggedMatches, resolveFlagged } from "../services/follow-through.js";
import { approveMatch, rejectMatch, SYSTEM_ACTOR, type ReviewResult } from "../services/matches.js";
import { getProfileById } from "../services/profiles.js";
import { listReviewQueueView, recentAudit } from "../services/review.js";
import { runMatchingRound } from "../services/round.js";
import { changeGuildSettings, type GuildSettings, type GuildSettingsPatch } from "../services/settings.js";
import { guildStats } from "../services/stats.js";
import { importProfiles, summaryLines, type ImportSummary } from "../services/import.js";
import { fetchAttachment } from "../interaction/attachments.js";
import { truncate } from "../interaction/limits.js";
import { parseImportFileYielding } from "./shared/import-file.js";
import { capacityReport } from "../services/capacity.js";
import { capacityCharts, capacityEmbed } from "./shared/capacity-views.js";
import { deliverRequest } from "./match.js";
import { quote } from "./shared/follow-views.js";
import { md, name } from "./shared/markdown.js";
import { announceActive, notice, tellOrReport } from "./shared/notify.js";
import { COLORS, discordTimestamp, matchReasons, reasonsText, scoreBar, stageText } from "./shared/views.js";

const REASON_MAX = 500;

export const modUi = components("mod", {
  buttons: {
    approve: button({
      id: ids.match,
      run: async ({ ctx, id, guildId, res, deps }) => {
        const result = await approveMatch(deps.db, guildId, id, ctx.user.id, deps.clock.now());
        await res.reply({ content: reviewAnswer(result), ephemeral: true });
        await afterReview(deps, res, result, null);
      },
    }),
    /** A flagged match ("Need a moderator") has been dealt with. */
    resolve: button({
      id: ids.match,
      run: async ({ ctx, id, guildId, res, deps }) => {
        await resolveFlagged(deps.db, guildId, id, ctx.user.id, deps.clock.now());
        await res.reply({ content: `✅ The flag on match #${id} is resolved (recorded in \`/mod audit\`).`, ephemeral: true });
      },
    }),
    /** Opens the form for the reason both people will see. */
    reject: button({
      id: ids.match,
      run: async ({ id, res }): Promise<void> => {
        await res.showModal(modUi.modals["reject-form"].open(id));
      },
    }),
  },
  modals: {
    "reject-form": modal({
      id: ids.match,
      title: (id) => `Reject match #${id}`,
      fields: {
        reason: field
          .paragraph("Reason (both people will see it)", {
            max: REASON_MAX,
            placeholder: "e.g. The mentor's focus is B2B sales; a product mentor would fit better.",
          })
          .required(),
      },
      run: async ({ ctx, id, fields, guildId, res, deps }) => {
        const result = await rejectMatch(deps.db, guildId, id, ctx.user.id, fields.reason, deps.clock.now());
        await res.reply({ content: reviewAnswer(result), ephemeral: true });
        await afterReview(deps, res, result, fields.reason);
      },
    }),
  },
});

/** One /mod config option and the settings column it sets, declared together. */
function setting<K extends keyof GuildSettingsPatch, O extends AnyOpt>(column: K, option: O): { column: K; option: O } {
  return { column, option };
}
const weight = (what: string) => opt.number(`Weight of ${what} in the score (0–1)`, { min: 0, max: 1 });

const CONFIG = {
  "review-required": setting("reviewRequired", opt.boolean("Accepted matches wait for moderator review")),
  "moderator-role": setting("moderatorRoleId", opt.role("Role that may use /mod (besides Manage Server)")),
  "weight-industry": setting("weightIndustry", weight("industry")),
  "weight-stage": setting("weightStage", weight("career stage")),
  "weight-topics": setting("weightTopics", weight("topics")),
  "weight-text": setting("weightText", weight("free text")),
  suggestions: setting("suggestionsShown", opt.integer("Suggestions shown by /match find (1–10)", { min: 1, max: 10 })),
  "max-pending": setting("maxPendingRequests", opt.integer("Open requests a mentee may have at once (1–10)", { min: 1, max: 10 })),
  "requests-per-hour": setting("requestsPerHour", opt.integer("Requests a member may send per hour (1–50)", { min: 1, max: 50 })),
  "commands-per-minute": setting("commandsPerMinute", opt.integer("Commands a member may use per minute (5–120)", { min: 5, max: 120 })),
  "expiry-days": setting("requestExpiryDays", opt.integer("Days before an unanswered request expires (1–30)", { min: 1, max: 30 })),
  "cooldown-days": setting("cooldownDays", opt.integer("Days before a declined pair is suggested again (0–365)", { min: 0, max: 365 })),
  "match-channel": setting("matchChannelId", opt.channel("Channel where private threads are opened for active pairs", [ChannelType.GuildText])),
  "mentor-role": setting("mentorRoleId", opt.role("Role given to members with a mentor profile")),
  "mentee-role": setting("menteeRoleId", opt.role("Role given to members with a mentee profile")),
  "checkin-days": setting("checkinDays", opt.integer("Days after a match starts when both get a check-in (1–90)", { min: 1, max: 90 })),
  "nudge-days": setting("nudgeDays", opt.integer("Quiet days before a pair gets a nudge (3–120)", { min: 3, max: 120 })),
  "idle-days": setting("idleDays", opt.integer("Quiet days before a pair is asked to keep going or end (7–365)", { min: 7, max: 365 })),
  "first-acceptance-wins": setting("firstAcceptanceWins", opt.boolean("An accepted request withdraws the mentee's other requests")),
} as const;

const configOptions = Object.fromEntries(Object.entries(CONFIG).map(([name, s]) => [name, s.option])) as {
  readonly [K in keyof typeof CONFIG]: (typeof CONFIG)[K]["option"];
};

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
      {
        name: "Follow-through",
        value: `check-in after ${s.checkinDays} days · nudge after ${s.nudgeDays} quiet days · "keep going?" after ${s.idleDays} · first acceptance wins: ${s.firstAcceptanceWins ? "yes" : "no"}`,
      },
      { name: "Roles given", value: `mentors: ${role(s.mentorRoleId)} · mentees: ${role(s.menteeRoleId)}` },
    ],
    color: COLORS.brand,
  };
}

/** Tells both people about a review decision and starts whatever comes next. */
async function afterReview(deps: Deps, res: Responder, result: ReviewResult, reason: string | null): Promise<void> {
  const { match } = result;
  if (result.status === "active") {
    await announceActive(deps, match);
    await tellOrReport(deps, res, match.guildId, match.mentor, notice(`Match #${match.id} approved`, `You and ${name(match.mentee, "your mentee")} can start.`, COLORS.success), "`/match list`");
  } else if (result.status === "requested") {
    const mentee = match.menteeProfileId === null ? null : await getProfileById(deps.db, match.menteeProfileId);
    if (mentee !== null) {
      await deliverRequest(deps, match, mentee, null);
      await tellOrReport(deps, res, match.guildId, mentee, notice(`A mentor was proposed for you`, `A moderator proposed ${name(match.mentor, "a mentor")} (match #${match.id}). We asked them; you will hear when they answer.`), "`/match list`");
    }
  } else {
    const text = `A moderator did not approve match #${match.id}${reason === null ? "." : `: ${md(reason)}`}`;
    await tellOrReport(deps, res, match.guildId, match.mentee, notice(`Match #${match.id} not approved`, `${text}\nRun \`/match find\` for other suggestions.`, COLORS.muted), "`/match list`");
    await tellOrReport(deps, res, match.guildId, match.mentor, notice(`Match #${match.id} not approved`, text, COLORS.muted), "`/match list`");
  }
}

function reviewAnswer(result: ReviewResult): string {
  if (result.status === "active") return `✅ Match #${result.match.id} approved and active. Both people were told.`;
  if (result.status === "requested") return `✅ Proposal #${result.match.id} approved; it was sent to the mentor to accept.`;
  return `Match #${result.match.id} rejected. Both people were told.`;
}

function queueCard(m: Awaited<ReturnType<typeof listReviewQueueView>>["matches"][number]): EmbedSpec {
  return {
    title: `#${m.id} · ${name(m.mentor, "former member")} → ${name(m.mentee, "former member")}`,
    description: `${m.source === "round" ? "Proposed by a matching round" : "Requested, accepted by the mentor"} · ${scoreBar(m.score)}`,
    fields: [
      {
        name: "Mentee",
        value: m.mentee === null ? "—" : `${md(industryLabel(m.mentee.industry))} · ${stageText(m.mentee.stage)}`,
        inline: true,
      },
      {
        name: "Mentor",
        value: m.mentor === null ? "—" : `${md(industryLabel(m.mentor.industry))} · ${stageText(m.mentor.stage)}`,
        inline: true,
      },
      { name: "Why", value: reasonsText(matchReasons(m)) },
    ],
    footer: `waiting since ${(m.mentorDecidedAt ?? m.createdAt).toISOString().slice(0, 16).replace("T", " ")} UTC`,
    color: COLORS.warning,
  };
}

/** Flagged matches ("Need a moderator" at a check-in), in one embed: the flag's words are shown escaped. */
function flaggedCard(flagged: Awaited<ReturnType<typeof flaggedMatches>>): EmbedSpec {
  return {
    title: `🛟 Flagged by a participant (${flagged.total})`,
    fields: flagged.matches.map((m) => {
      const by = m.flaggedById === m.mentor?.userId ? m.mentor.displayName : m.flaggedById === m.mentee?.userId ? m.mentee.displayName : "a former member";
      return {
        name: `#${m.id} · ${m.mentor?.displayName ?? "former member"} → ${m.mentee?.displayName ?? "former member"} · ${m.status}`,
        value: `${by}, ${m.flaggedAt === null ? "" : discordTimestamp(m.flaggedAt)}: “${quote(m.flagReason ?? "", 300)}”`,
      };
    }),
    footer: "Reach out to them, then press Resolve.",
    color: COLORS.danger,
  };
}

async function queue(guildId: string, deps: Deps): Promise<MessageSpec> {
  const flagged = await flaggedMatches(deps.db, guildId, 5);
  // At most 5 rows of buttons: one row of Resolve buttons leaves four for reviews.
  const { matches, total } = await listReviewQueueView(deps.db, guildId, flagged.matches.length > 0 ? 4 : 5);
  if (matches.length === 0 && flagged.matches.length === 0) return { content: "The review queue is empty and nothing is flagged. 🎉", ephemeral: true };
  const lines = [
    matches.length === 0 ? "No match is waiting for review." : `${total} match(es) waiting for review${total > matches.length ? ` — showing the oldest ${matches.length}` : ""}.`,
    ...(flagged.total === 0 ? [] : [`${flagged.total} flagged match(es) need a moderator.`]),
  ];
  return {
    content: lines.join("\n"),
    embeds: [...matches.map(queueCard), ...(flagged.matches.length === 0 ? [] : [flaggedCard(flagged)])],
    buttons: [
      ...matches.map((m) => [
        modUi.buttons.approve.spec(m.id, { label: `Approve #${m.id}`, style: "success" }),
        modUi.buttons.reject.spec(m.id, { label: `Reject #${m.id}`, style: "danger" }),
      ]),
      flagged.matches.map((m) => modUi.buttons.resolve.spec(m.id, { label: `Resolve #${m.id}`, style: "primary" })),
    ].filter((row) => row.length > 0),
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
        { name: "Sessions held", value: `${stats.sessions.held} in all · ${stats.sessions.heldLast30Days} in the last 30 days` },
        {
          name: "Mentors with requests waiting longest",
          value:
            stats.slowestMentors.length === 0
              ? "No request is waiting for an answer."
              : stats.slowestMentors.map((m) => `• ${m.name}: ${m.open} open, oldest ${days(m.oldestDays)}`).join("\n"),
        },
      ],
      color: COLORS.brand,
    },
  ];
}


const queueSub = sub("queue", "Matches waiting for review, and flagged matches", {}, async ({ guildId, res, deps }) => {
  await res.reply(await queue(guildId, deps));
});

const approve = sub("approve", "Approve a match", { match: opt.match() }, async ({ ctx, args, guildId, res, deps }) => {
  const result = await approveMatch(deps.db, guildId, args.match, ctx.user.id, deps.clock.now());
  await res.reply({ content: reviewAnswer(result), ephemeral: true });
  await afterReview(deps, res, result, null);
});

const reject = sub(
  "reject",
  "Reject a match with a reason both people will see",
  { match: opt.match(), reason: opt.text("Why", { max: REASON_MAX, multiline: true }).required() },
  async ({ ctx, args, guildId, res, deps }) => {
    const result = await rejectMatch(deps.db, guildId, args.match, ctx.user.id, args.reason, deps.clock.now());
    await res.reply({ content: reviewAnswer(result), ephemeral: true });
    await afterReview(deps, res, result, args.reason);
  },
);

/**
 * An interaction's token lasts 15 minutes (Discord): the reply is edited until a minute before;
 * a round still running then (100k members) reports by DM when it ends.
 */
export const ROUND_REPLY_EDITABLE_MS = 14 * 60_000;

const round = sub("round", "Propose mentors for everyone waiting", {}, async ({ ctx, guildId, res, deps }) => {
  await res.defer({ ephemeral: true });
  const started = deps.clock.now().getTime();
  const editable = (): boolean => deps.clock.now().getTime() - started < ROUND_REPLY_EDITABLE_MS;
  const summary = await runMatchingRound(deps.db, guildId, ctx.user.id, deps.clock.now(), async (stage) => {
    if (!editable()) return;
    // A progress line that does not reach Discord is no reason to stop the round.
    await res.editReply({ content: `⏳ ${stage}` }).catch((error: unknown) => deps.logger.warn({ err: error, guildId }, "round progress not shown"));
  });
  const done =
    summary.waiting === 0
      ? "Nobody is waiting for a mentor right now."
      : `✅ Round done: ${summary.proposed} proposal(s) for ${summary.waiting} waiting mentee(s) (${summary.mentorsWithPlaces} mentors had free places; total score ${summary.totalScore.toFixed(2)}). ${summary.unassigned} mentee(s) could not be placed. Review them with \`/mod queue\`.`;
  if (editable()) {
    await res.editReply({ content: done });
    return;
  }
  if ((await deps.notifier.notifyUser(guildId, ctx.user.id, { content: done })) === "failed") {
    deps.logger.warn({ guildId, proposed: summary.proposed }, "round result could not be told to the moderator (the audit log has it)");
  }
});

const stats = sub(
  "stats",
  "Mentors, waiting mentees, load, coverage, forecast and charts",
  {
    horizon: opt.integer("Weeks within which to clear the waiting list, for the forecast (1–52, default 8)", { min: 1, max: 52 }),
    "coverage-days": opt.integer("Coverage counts members who have been mentees this many days (1–365, default 30)", { min: 1, max: 365 }),
  },
  async ({ args, guildId, res, deps }) => {
    // Rendering the charts takes a moment: acknowledge first.
    await res.defer({ ephemeral: true });
    const now = deps.clock.now();
    const [figures, capacity] = await Promise.all([guildStats(deps.db, guildId, now), capacityReport(deps.db, guildId, now, { horizonWeeks: args.horizon, coverageDays: args["coverage-days"] })]);
    await res.editReply({ embeds: [...statsEmbeds(figures), capacityEmbed(capacity)], files: capacityCharts(capacity) });
  },
);

/** Discord's upload limit for members without Nitro; bigger exports go through `npm run import`. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
const IMPORT_FILES = { maxBytes: IMPORT_MAX_BYTES, types: ["text/csv", "text/plain", "application/json", "application/vnd.ms-excel", "text/comma-separated-values"], extensions: [".csv", ".json"] } as const;
/** Problems shown in the reply (each cut short): the embed stays well inside Discord's limits. */
const IMPORT_ERRORS_SHOWN = 10;

function importSummaryEmbed(summary: ImportSummary, format: string): EmbedSpec {
  const [members, mentors, mentees] = summaryLines(summary);
  return {
    title: summary.dryRun ? "Import — dry run, nothing was written" : "Import done",
    description: `${members ?? ""}\n${mentors ?? ""}\n${mentees ?? ""}`,
    fields: [
      ...(summary.samples.length === 0 ? [] : [{ name: summary.dryRun ? "First changes it would make" : "First changes", value: summary.samples.map((l) => `• ${md(l)}`).join("\n") }]),
      { name: "File", value: `${format.toUpperCase()} · ${summary.rows} row(s)${summary.dryRun ? " · run again without `dry-run` to import" : ""}` },
    ],
    color: summary.dryRun ? COLORS.muted : COLORS.success,
  };
}

const importSub = sub(
  "import",
  "Import profiles from a sign-up form export (CSV with a header row, or community JSON)",
  {
    file: opt.attachment("The .csv or .json file (columns: see the README's Bulk import)").required(),
    "dry-run": opt.boolean("Only show what would change; write nothing"),
  },
  async ({ ctx, args, guildId, res, deps }) => {
    // Downloading, checking every row and writing take longer than Discord's 3 seconds.
    await res.defer({ ephemeral: true });
    const file = await (deps.fetchAttachment ?? fetchAttachment)(args.file, IMPORT_FILES);
    const parsed = await parseImportFileYielding(file.text, file.name);
    if (!parsed.ok) {
      const shown = parsed.errors.slice(0, IMPORT_ERRORS_SHOWN).map((e) => `• ${md(truncate(e, 300))}`);
      const more = parsed.errorCount - shown.length;
      await res.editReply({
        content: `⚠️ The file has ${parsed.errorCount} problem(s); nothing was imported. Fix them and upload it again.`,
        embeds: [{ title: "Problems (first ones, in file order)", description: `${shown.join("\n")}${more > 0 ? `\n… and ${more} more` : ""}`, color: COLORS.danger }],
      });
      return;
    }
    const dryRun = args["dry-run"] === true;
    let lastProgress = Date.now();
    const summary = await importProfiles(deps.db, guildId, parsed.rows, {
      now: deps.clock.now(),
      dryRun,
      actorUserId: ctx.user.id,
      onBatch: async (done, total) => {
        // A progress line at most every 3 s (Discord rate-limits edits of one message).
        if (done === total || Date.now() - lastProgress < 3000) return;
        lastProgress = Date.now();
        await res.editReply({ content: `⏳ ${done} of ${total} members ${dryRun ? "compared" : "imported"}…` });
      },
    });
    await res.editReply({ content: dryRun ? "Dry run finished." : "✅ Import finished.", embeds: [importSummaryEmbed(summary, parsed.format)] });
  },
);

const config = sub("config", "Show or change settings (give only what changes)", configOptions, async ({ ctx, args, guildId, settings, res, deps }) => {
  const patch: GuildSettingsPatch = {};
  for (const [name, { column }] of Object.entries(CONFIG)) {
    const value = args[name as keyof typeof CONFIG];
    if (value !== undefined) Object.assign(patch, { [column]: value });
  }
  const changed = Object.keys(patch).length > 0;
  const updated = changed ? await changeGuildSettings(deps.db, guildId, patch, ctx.user.id) : settings;
  await res.reply({ content: changed ? "✅ Settings saved." : undefined, embeds: [settingsEmbed(updated)], ephemeral: true });
});

const audit = sub("audit", "Recent moderator actions", {}, async ({ guildId, res, deps }) => {
  const entries = await recentAudit(deps.db, guildId);
  await res.reply({
    embeds: [
      {
        title: "Recent moderator actions",
        description:
          entries.length === 0
            ? "Nothing yet."
            : entries
                .map((e) => `${discordTimestamp(e.createdAt)} ${e.actorUserId === SYSTEM_ACTOR ? "🤖 the bot" : `<@${e.actorUserId}>`} ${e.action}${e.matchId === null ? "" : ` #${e.matchId}`}${e.detail === null ? "" : ` — ${md(e.detail)}`}`)
                .join("\n"),
        color: COLORS.muted,
      },
    ],
    ephemeral: true,
  });
});

export const modCommand = defineCommand({
  name: "mod",
  description: "Moderator tools: review queue, matching rounds, statistics, import, settings",
  access: "moderator",
  defaultMemberPermissions: PermissionFlagsBits.ManageGuild.toString(),
  subcommands: [queueSub, approve, reject, round, stats, importSub, config, audit],
  ui: modUi,
});
