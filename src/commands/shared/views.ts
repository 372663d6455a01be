// How profiles, suggestions and matches look in Discord (and in the console, which renders the
// same MessageSpec). Pure functions of stored data.
import { ACCEPTS_FROM, ADVISES, MATCH_STATUS, STAGE } from "../../domain/enums.js";
import type { EmbedField, EmbedSpec, MessageSpec } from "../../interaction/types.js";
import { industryLabel, type PairScore } from "../../matching/index.js";
import { explanationOf, type MatchWithPeople } from "../../services/matches.js";
import { topicsOf, type ProfileWithTopics } from "../../services/profiles.js";
import { shownReasons, type Disclosure } from "../../services/visibility.js";
import { md, name } from "./markdown.js";

export const COLORS = { brand: 0x5865f2, success: 0x57f287, warning: 0xfee75c, danger: 0xed4245, muted: 0x99aab5 } as const;

export function stageText(stage: string): string {
  return STAGE.label(stage);
}

export function scoreBar(score: number): string {
  const clamped = Math.max(0, Math.min(1, score));
  const filled = Math.round(clamped * 10);
  return `${"█".repeat(filled)}${"░".repeat(10 - filled)} ${Math.round(clamped * 100)}%`;
}

export function discordTimestamp(date: Date, style: "R" | "D" | "f" | "F" = "R"): string {
  return `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;
}

export function topicList(profile: ProfileWithTopics, role: "mentor" | "mentee"): string {
  const topics = topicsOf(profile, role).map((t) => md(t.label));
  return topics.length === 0 ? "—" : topics.join(", ");
}

/**
 * A profile as an embed, at the disclosure the viewer is allowed (services/visibility.ts): full →
 * everything; basic → headline, industry, stage, topics; name → name and roles only.
 */
export function profileEmbed(profile: ProfileWithTopics, level: Disclosure, load: number | null, self = false): EmbedSpec {
  const full = level === "full";
  const basic = full || level === "basic";
  const fields: EmbedField[] = [];
  const roles = [profile.isMentor ? "mentor" : null, profile.isMentee ? "mentee" : null].filter((r) => r !== null);
  if (basic) {
    fields.push({ name: "Industry", value: md(industryLabel(profile.industry)), inline: true });
    fields.push({ name: "Career stage", value: stageText(profile.stage), inline: true });
    if (profile.changingCareer && profile.targetIndustry !== null) {
      fields.push({ name: "Changing career to", value: md(industryLabel(profile.targetIndustry)), inline: true });
    }
  }
  if (profile.isMentor) {
    if (basic) fields.push({ name: "Can advise on", value: topicList(profile, "mentor") });
    if (full && profile.canAdviseOn !== null) fields.push(...textFields("In their words", md(profile.canAdviseOn)));
    if (full) {
      const places = load === null ? `${profile.mentorCapacity} places` : `${load} of ${profile.mentorCapacity} places used`;
      fields.push({ name: "Mentoring", value: `${places} · advises ${ADVISES.label(profile.mentorAdvises)}` });
    }
  }
  if (profile.isMentee) {
    if (basic) fields.push({ name: "Wants advice on", value: topicList(profile, "mentee") });
    if (full && profile.wantsAdviceOn !== null) fields.push(...textFields("Looking for", md(profile.wantsAdviceOn)));
    if (full) fields.push({ name: "Accepts advice from", value: ACCEPTS_FROM.label(profile.menteeAcceptsFrom) });
  }
  if (full && profile.timezone !== null) fields.push({ name: "Timezone", value: md(profile.timezone), inline: true });
  const embed: EmbedSpec = {
    title: md(profile.displayName),
    fields,
    color: COLORS.brand,
    footer: `${roles.length === 0 ? "no role yet" : roles.join(" & ")}${self ? ` · visibility: ${profile.visibility}` : ""}`,
  };
  if (basic && profile.headline !== null) embed.description = md(profile.headline);
  if (!basic) embed.description = "This member keeps their profile private.";
  return embed;
}

/** Splits text into pieces that each fit one embed field value (1,024), at line or word breaks when it can. */
export function fieldChunks(text: string, max = 1024): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf("\n", max);
    if (cut < max / 2) cut = rest.lastIndexOf(" ", max);
    if (cut < max / 2) cut = max;
    // Never split an escape (a backslash and the character it escapes) or a surrogate pair.
    while (cut > 1 && (rest.charAt(cut - 1) === "\\" || (rest.charCodeAt(cut - 1) >= 0xd800 && rest.charCodeAt(cut - 1) <= 0xdbff))) cut--;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[ \n]/, "");
  }
  chunks.push(rest);
  return chunks.filter((c) => c !== "");
}

/** A member's own words as fields: escaping can take 1,000 characters past a field's 1,024. */
export function textFields(name: string, escaped: string): EmbedField[] {
  return fieldChunks(escaped).map((value, i) => ({ name: i === 0 ? name : "…", value }));
}

/**
 * Packs groups of fields (one group per item, never split) into pages that each fit one embed:
 * at most 25 fields and `budget` characters of names and values (Discord allows 6,000 per message;
 * the budget leaves room for the title, footer and content).
 */
export function pageFields(groups: readonly EmbedField[][], budget = 5_400): EmbedField[][] {
  const pages: EmbedField[][] = [];
  let page: EmbedField[] = [];
  let size = 0;
  for (const group of groups) {
    const groupSize = group.reduce((n, f) => n + f.name.length + f.value.length, 0);
    if (page.length > 0 && (size + groupSize > budget || page.length + group.length > 25)) {
      pages.push(page);
      page = [];
      size = 0;
    }
    page.push(...group);
    size += groupSize;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** Buttons laid out in rows of at most 5 (Discord's limit), at most 5 rows. */
export function buttonRows<T>(buttons: readonly T[], perRow = 5): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < buttons.length && rows.length < 5; i += perRow) rows.push(buttons.slice(i, i + perRow));
  return rows;
}

export function reasonsText(reasons: readonly string[]): string {
  return reasons.length === 0 ? "a general fit" : reasons.map((r) => `• ${md(r)}`).join("\n");
}

/**
 * One suggestion: name and score always; the headline and the reasons only as far as the
 * suggested member's visibility lets this viewer see them (services/visibility.ts).
 */
export function suggestionEmbed(rank: number, profile: ProfileWithTopics, score: PairScore, level: Disclosure, extra: string | null): EmbedSpec {
  const reasons = shownReasons(score, level);
  const why = level === "name" ? "This member keeps their profile private; the bot matched you on what both of you entered." : reasonsText(reasons);
  const fields: EmbedField[] = [{ name: "Why", value: why }];
  if (extra !== null) fields.push({ name: "Places", value: extra, inline: true });
  const headline = level !== "name" && profile.headline !== null ? `${md(profile.headline)}\n` : "";
  return {
    title: `${rank}. ${md(profile.displayName)}`,
    description: `${headline}${scoreBar(score.score)}`,
    fields,
    color: COLORS.brand,
  };
}

function participantName(profile: { displayName: string } | null): string {
  return name(profile, "a former member");
}

/** One line per match for /match list, from the viewer's side. */
export function matchLine(match: MatchWithPeople, viewerUserId: string): string {
  const asMentor = match.mentor?.userId === viewerUserId;
  const other = asMentor ? participantName(match.mentee) : participantName(match.mentor);
  const role = asMentor ? "mentoring" : "mentored by";
  return `**#${match.id}** ${role} ${other} — ${MATCH_STATUS.label(match.status)} (${discordTimestamp(match.updatedAt)})`;
}

export function matchReasons(match: { explanation: string }): string[] {
  return explanationOf(match).reasons ?? [];
}

/** The free-text criterion's reason stored with a match (it quotes words from the profiles' own text). */
export function textReasonOf(match: { explanation: string }): string | undefined {
  return explanationOf(match).criteria?.text.reason;
}

/** A resource as the welcome lists it: title (escaped) and link (not embedded). */
export interface ResourceMention {
  id: number;
  title: string;
  url: string;
}

export function resourceMentions(resources: readonly ResourceMention[]): string {
  return resources.map((r) => `• ${md(r.title.slice(0, 100))} — <${r.url}>`).join("\n");
}

/**
 * First message in the pair's private thread (or DM): why they were matched, first steps and up
 * to three resources from the library for their shared topics.
 */
export function starterMessage(match: MatchWithPeople, resources: readonly ResourceMention[] = []): MessageSpec {
  const mentor = participantName(match.mentor);
  const mentee = participantName(match.mentee);
  return {
    content: `Welcome, ${mentor} and ${mentee}! Match #${match.id} is active.`,
    embeds: [
      {
        title: "Why you were matched",
        description: reasonsText(matchReasons(match)),
        fields: [
          {
            name: "Suggested first steps",
            value: [
              "1. Say hello and agree on a 30-minute call in the next week.",
              `2. ${mentee}: share what you want from this (a decision, a CV review, interview practice…).`,
              "3. After each conversation, write action points with `/match note … due:` and book the next call with `/match schedule`.",
              "4. When you are done, close with `/match end` and a rating: it helps the next pairs.",
            ].join("\n"),
          },
          ...(resources.length === 0 ? [] : [{ name: "From the resource library, for your shared topics", value: resourceMentions(resources.slice(0, 3)) }]),
        ],
        color: COLORS.success,
      },
    ],
  };
}
