// Loads a server's profiles into the pure matching engine's shapes and asks it for rankings.
import { report } from "../metrics/hooks.js";
import type { Db } from "../db/client.js";
import { UserError } from "../errors.js";
import {
  buildIndex,
  isStage,
  KEEP_AS_WRITTEN_PREFIX,
  type AcceptsFrom,
  type Advises,
  type MatchingIndex,
  type MenteeInput,
  type MentorInput,
  type PairScore,
  type Stage,
  type Weights,
} from "../matching/index.js";
import { answerTimesOfMentors, blockedPairs, matchLinks, mentorLoads, pendingRequestsByMentor } from "../storage/matches.js";
import { findProfilesByIds, listMenteeProfiles, listMentorProfiles, topicsOf, type MatchingProfileRow, type ProfileWithTopics } from "../storage/profiles.js";
import { findOrCreateGuildSettings, type GuildSettings } from "../storage/settings.js";
import { DAY_MS } from "./clock.js";
import { isMentorAvailable } from "./profiles.js";
import { isBlockedAt, liveCommunity, type LiveCommunity } from "./live-community.js";
import { disclosure, relationThrough, type Disclosure } from "./visibility.js";

export function weightsOf(settings: GuildSettings): Weights {
  return {
    industry: settings.weightIndustry,
    stage: settings.weightStage,
    topics: settings.weightTopics,
    text: settings.weightText,
  };
}

function stageOf(profile: MatchingProfileRow): Stage {
  if (!isStage(profile.stage)) throw new Error(`profile ${profile.id} has an unknown stage`);
  return profile.stage;
}

/** A stored tag as the engine's input: a tag kept as written keeps its prefix, so it stays itself. */
function engineTopics(profile: MatchingProfileRow, role: "mentor" | "mentee"): string[] {
  return topicsOf(profile, role).map((t) => (t.key.startsWith(KEEP_AS_WRITTEN_PREFIX) ? `${KEEP_AS_WRITTEN_PREFIX}${t.label}` : t.label));
}

export function toMentorInput(profile: MatchingProfileRow, load: number, now: Date, pendingRequests = 0): MentorInput {
  return {
    id: String(profile.id),
    name: profile.displayName,
    industry: profile.industry,
    stage: stageOf(profile),
    topics: engineTopics(profile, "mentor"),
    about: profile.canAdviseOn ?? "",
    capacity: profile.mentorCapacity,
    activeCount: load,
    available: isMentorAvailable(profile, now),
    advises: profile.mentorAdvises as Advises,
    pendingRequests,
  };
}

export function toMenteeInput(profile: MatchingProfileRow): MenteeInput {
  return {
    id: String(profile.id),
    name: profile.displayName,
    industry: profile.industry,
    stage: stageOf(profile),
    changingCareer: profile.changingCareer,
    targetIndustry: profile.targetIndustry,
    topics: engineTopics(profile, "mentee"),
    about: profile.wantsAdviceOn ?? "",
    acceptsFrom: profile.menteeAcceptsFrom as AcceptsFrom,
  };
}

export interface Community {
  settings: GuildSettings;
  mentors: ProfileWithTopics[];
  mentees: ProfileWithTopics[];
  profiles: Map<string, ProfileWithTopics>;
  loads: Map<number, number>;
  /** Requests waiting for each mentor's answer (mentor profile id → count). */
  pending: Map<number, number>;
  index: MatchingIndex;
  isBlocked: (mentorId: string, menteeId: string) => boolean;
}

/**
 * Everything matching needs for one server, read in one go and indexed from scratch: the path
 * before the live index (services/live-community.ts), kept as the benchmark's reference.
 */
export async function loadCommunity(db: Db, guildId: string, now: Date): Promise<Community> {
  const settings = await findOrCreateGuildSettings(db, guildId);
  const [mentors, mentees, loads, pending, blocked] = await Promise.all([
    listMentorProfiles(db, guildId),
    listMenteeProfiles(db, guildId),
    mentorLoads(db, guildId),
    pendingRequestsByMentor(db, guildId),
    blockedPairs(db, guildId, new Date(now.getTime() - settings.cooldownDays * DAY_MS)),
  ]);
  const building = performance.now();
  const index = buildIndex({
    mentors: mentors.map((p) => toMentorInput(p, loads.get(p.id) ?? 0, now, pending.get(p.id) ?? 0)),
    mentees: mentees.map(toMenteeInput),
    weights: weightsOf(settings),
  });
  report.indexBuilt({ guildId, entries: mentors.length + mentees.length, buildMs: performance.now() - building, kind: "per-load" });
  const profiles = new Map<string, ProfileWithTopics>();
  for (const p of [...mentors, ...mentees]) profiles.set(String(p.id), p);
  return {
    settings,
    mentors,
    mentees,
    profiles,
    loads,
    pending,
    index,
    isBlocked: (mentorId, menteeId) => blocked.has(`${mentorId}:${menteeId}`),
  };
}

export interface Suggestion {
  profile: ProfileWithTopics;
  score: PairScore;
  load: number;
  /** Mentors only, once they answered at least 3 requests: median days to answer (last 10), rounded up. */
  answersWithinDays?: number | null;
}

/** Answers a mentor must have given before "usually answers within N days" is shown. */
export const RESPONSIVENESS_MIN_ANSWERS = 3;

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Adds "usually answers within N days" to mentor suggestions (median of the last 10 answers). */
export async function withResponsiveness(db: Db, suggestions: Suggestion[]): Promise<Suggestion[]> {
  const times = await answerTimesOfMentors(db, suggestions.map((s) => s.profile.id));
  return suggestions.map((s) => {
    const list = times.get(s.profile.id) ?? [];
    return { ...s, answersWithinDays: list.length < RESPONSIVENESS_MIN_ANSWERS ? null : Math.max(1, Math.ceil(medianOf(list) / DAY_MS)) };
  });
}

/** The mentee's best mentors within an already loaded community (one load can serve many). */
export function rankMentorsFor(community: Community, userId: string): { mentee: ProfileWithTopics; suggestions: Suggestion[] } {
  const mentee = community.mentees.find((p) => p.userId === userId);
  if (mentee === undefined) {
    throw new UserError("You have no mentee profile yet. Create one with `/mentee profile`, then try `/match find` again.");
  }
  const ranked = community.index.topMentors(String(mentee.id), community.settings.suggestionsShown, {
    isBlocked: community.isBlocked,
  });
  return { mentee, suggestions: withProfiles(community, ranked, "mentor") };
}

/** A suggestion as the viewer may see it: how much of the suggested member's profile to show. */
export interface ShownSuggestion extends Suggestion {
  level: Disclosure;
}

/** Each suggestion with the disclosure the viewer gets (one query for all of them). */
async function disclosed(db: Db, viewer: ProfileWithTopics, suggestions: Suggestion[]): Promise<ShownSuggestion[]> {
  const links = await matchLinks(db, viewer.id, suggestions.map((s) => s.profile.id));
  return suggestions.map((s) => ({ ...s, level: disclosure(s.profile.visibility, relationThrough(links, viewer.id, s.profile.id)) }));
}

/** The mentee's best mentors from the server's live index; only the rows shown are read. */
export async function suggestMentorsFor(
  db: Db,
  guildId: string,
  userId: string,
  now: Date,
): Promise<{ mentee: ProfileWithTopics; suggestions: ShownSuggestion[] }> {
  const live = await liveCommunity(db, guildId, now);
  const menteeId = live.menteeByUser.get(userId);
  if (menteeId === undefined) {
    throw new UserError("You have no mentee profile yet. Create one with `/mentee profile`, then try `/match find` again.");
  }
  const ranked = live.index.topMentors(String(menteeId), live.settings.suggestionsShown, { isBlocked: isBlockedAt(live, now) });
  const { viewer: mentee, suggestions } = await withRows(db, live, menteeId, ranked, "mentor");
  return { mentee, suggestions: await disclosed(db, mentee, await withResponsiveness(db, suggestions)) };
}

/** "Fresh suggestions" for a mentee who is waiting again ([] without a mentee profile). */
export async function freshMentorSuggestions(db: Db, guildId: string, userId: string, now: Date): Promise<Suggestion[]> {
  const live = await liveCommunity(db, guildId, now);
  const menteeId = live.menteeByUser.get(userId);
  if (menteeId === undefined) return [];
  const ranked = live.index.topMentors(String(menteeId), live.settings.suggestionsShown, { isBlocked: isBlockedAt(live, now) });
  return (await withRows(db, live, menteeId, ranked, "mentor")).suggestions;
}

/** Mentees ranked per one shown by /match mentees: the ranking is then cut to those waiting. */
export const MENTEES_RANKED_PER_SHOWN = 4;

export async function suggestMenteesFor(
  db: Db,
  guildId: string,
  userId: string,
  now: Date,
): Promise<{ mentor: ProfileWithTopics; suggestions: ShownSuggestion[] }> {
  const live = await liveCommunity(db, guildId, now);
  const mentorId = live.mentorByUser.get(userId);
  if (mentorId === undefined) {
    throw new UserError("You have no mentor profile yet. Create one with `/mentor profile`, then try `/match mentees` again.");
  }
  const shown = live.settings.suggestionsShown;
  const ranked = live.index
    .topMentees(String(mentorId), shown * MENTEES_RANKED_PER_SHOWN, { isBlocked: isBlockedAt(live, now) })
    .filter((s) => live.waiting.has(Number(s.menteeId)))
    .slice(0, shown);
  const { viewer: mentor, suggestions } = await withRows(db, live, mentorId, ranked, "mentee");
  return { mentor, suggestions: await disclosed(db, mentor, suggestions) };
}

/** The viewer's and the ranked profiles' rows (one query), in ranking order. */
async function withRows(
  db: Db,
  live: LiveCommunity,
  viewerId: number,
  ranked: PairScore[],
  side: "mentor" | "mentee",
): Promise<{ viewer: ProfileWithTopics; suggestions: Suggestion[] }> {
  const otherIds = ranked.map((s) => Number(side === "mentor" ? s.mentorId : s.menteeId));
  const rows = new Map((await findProfilesByIds(db, [viewerId, ...otherIds])).map((p) => [p.id, p]));
  const viewer = rows.get(viewerId);
  if (viewer === undefined) throw new UserError("Your profile was just deleted.");
  const suggestions = ranked.flatMap((score, i) => {
    const profile = rows.get(otherIds[i] ?? -1);
    if (profile === undefined) return [];
    return [{ profile, score, load: live.loads.get(Number(score.mentorId)) ?? 0 }];
  });
  return { viewer, suggestions };
}

function withProfiles(community: Community, ranked: PairScore[], side: "mentor" | "mentee"): Suggestion[] {
  return ranked.flatMap((score) => {
    const profile = community.profiles.get(side === "mentor" ? score.mentorId : score.menteeId);
    if (profile === undefined) return [];
    return [{ profile, score, load: community.loads.get(Number(score.mentorId)) ?? 0 }];
  });
}
