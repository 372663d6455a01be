// The live matching index of each server, kept in memory by the process and brought up to date
// at the start of every command that ranks.
//
// Built once, on the server's first such command (profiles read in pages of COLD_PAGE), then
// kept current from the server's matching version (storage/matching-version.ts): each command
// reads the version (one primary-key read); when another writer (this process, another process
// on the same database, the console, an import) moved it, the changed profile ids since the
// version held are read (one indexed range) and only those profiles, their loads, pending
// requests and blocking matches are reloaded and upserted into the LiveIndex. Time-driven
// changes need no write: "off until X" mentors are re-upserted when X passes, and the cool-down
// of a closed pair is compared with the clock at query time.
import { report } from "../metrics/hooks.js";
import type { Db } from "../db/client.js";
import { KEEP_AS_WRITTEN_PREFIX, LiveIndex, type IsBlocked, type MenteeInput, type MentorInput, type Weights } from "../matching/index.js";
import { blockingMatches, mentorLoads, mentorLoadsOf, pendingRequestsByMentor, pendingRequestsOf, type BlockingMatch } from "../storage/matches.js";
import { currentMatchingVersion, MATCHING_CHANGES_KEPT, matchingChangesSince } from "../storage/matching-version.js";
import { findProfilesByIds, listMatchingProfilesPage, type MatchingProfileRow } from "../storage/profiles.js";
import { findOrCreateGuildSettings, type GuildSettings } from "../storage/settings.js";
import { DAY_MS } from "./clock.js";
import { MENTEES_RANKED_PER_SHOWN, toMenteeInput, toMentorInput, weightsOf } from "./community.js";
import { runInSlices } from "./slices.js";
import { nextTurn } from "../turn.js";

/**
 * Profiles read per query when a server's index is first built. Small pages keep the process's
 * peak memory down (at 100k + 100k, after the build and a GC: 499 MB RSS with pages of 500, 594
 * with pages of 2,000) for about a second more of build.
 */
const COLD_PAGE = 500;
/** Profile ids per `in (...)` list when reloading changed profiles. */
const RELOAD_BATCH = 500;

export interface LiveCommunity {
  readonly guildId: string;
  settings: GuildSettings;
  /** The matching version this state reflects. */
  version: number;
  readonly index: LiveIndex;
  /**
   * Profile id → Discord user id, for every profile in the index. (An object per profile with
   * its user, sides, industry and waiting flag was 13 MB of objects at 100k + 100k: the sides and
   * the industry are the index's, the waiting mentees a set.)
   */
  readonly userOf: Map<number, string>;
  /** Mentee profiles waiting for a mentor (menteeWaitingSince set). */
  readonly waiting: Set<number>;
  /** userId → profile id, per side. */
  readonly mentorByUser: Map<string, number>;
  readonly menteeByUser: Map<string, number>;
  readonly loads: Map<number, number>;
  readonly pending: Map<number, number>;
  /** "mentorId:menteeId" → the latest closedAt of a blocking match (Infinity while one is open). */
  readonly blocked: Map<string, number>;
  /**
   * Blocked keys per profile (to drop them when the profile's matches are reloaded): the key
   * itself for a profile with one, a list for more. After a 100k round (a proposal blocks its
   * pair) a Set per profile was 159k sets, 23 MB; most profiles have one key.
   */
  readonly blockedOf: Map<number, string | string[]>;
  /** Mentors whose availability flips by itself ("on/off until X"): when, and the stored flags. */
  readonly flips: Map<number, { at: number; mentorAvailable: boolean; until: Date }>;
  /** How many profile sides use each topic label (autocomplete; the labels are the engine's inputs). */
  readonly topicUse: Map<string, number>;
  /** Profiles per industry key (autocomplete). */
  readonly industryUse: Map<string, number>;
  /** Topic labels and industry keys by use, most used first; null when a count changed since. */
  usageRanking: { topics: string[]; industries: string[] } | null;
  /** Milliseconds the cold build took (for logs and the benchmark). */
  coldLoadMs: number;
}

interface Entry {
  community: Promise<LiveCommunity>;
  /** Syncs of one server run one after another. */
  queue: Promise<unknown>;
}

const caches = new WeakMap<Db, Map<string, Entry>>();

function cacheOf(db: Db): Map<string, Entry> {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

/** Whether this process already holds the server's index (else the next command builds it). */
export function isLiveCommunityWarm(db: Db, guildId: string): boolean {
  return cacheOf(db).has(guildId);
}

/** Drops the server's index from this process (tests, or after a restore). */
export function forgetLiveCommunity(db: Db, guildId: string): void {
  cacheOf(db).delete(guildId);
}

/** The server's live community, brought up to date with every write committed so far. */
export async function liveCommunity(db: Db, guildId: string, now: Date): Promise<LiveCommunity> {
  const cache = cacheOf(db);
  let entry = cache.get(guildId);
  if (entry === undefined) {
    const community = coldLoad(db, guildId, now);
    entry = { community, queue: community };
    cache.set(guildId, entry);
    community.catch(() => {
      if (cache.get(guildId) === entry) cache.delete(guildId);
    });
    return community;
  }
  const current = entry;
  const synced = current.queue.then(
    async () => sync(db, await current.community, now),
    async () => sync(db, await current.community, now),
  );
  current.queue = synced;
  return synced;
}

/**
 * Topic labels and industry keys used in the server, most used first, from memory (recomputed
 * only after a count changed: O(distinct topics and industries), never O(profiles)). Null while
 * this process has not built the server's index yet; the build is then started in the
 * background, and the caller answers from the database this once.
 */
export function usageRanking(db: Db, guildId: string, now: Date): Promise<{ topics: string[]; industries: string[] }> | null {
  if (!isLiveCommunityWarm(db, guildId)) {
    liveCommunity(db, guildId, now).catch(() => undefined);
    return null;
  }
  return liveCommunity(db, guildId, now).then((community) => {
    if (community.usageRanking === null) {
      const topics = [...community.topicUse.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([label]) => label);
      const industries = [...community.industryUse.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => key);
      community.usageRanking = { topics, industries };
    }
    return community.usageRanking;
  });
}

export function isBlockedAt(community: LiveCommunity, now: Date): IsBlocked {
  const since = now.getTime() - community.settings.cooldownDays * DAY_MS;
  return (mentorId, menteeId) => (community.blocked.get(`${mentorId}:${menteeId}`) ?? -Infinity) >= since;
}

function emptyCommunity(guildId: string, settings: GuildSettings): LiveCommunity {
  return {
    guildId,
    settings,
    version: 0,
    index: new LiveIndex({ weights: weightsOf(settings) }),
    userOf: new Map(),
    waiting: new Set(),
    mentorByUser: new Map(),
    menteeByUser: new Map(),
    loads: new Map(),
    pending: new Map(),
    blocked: new Map(),
    blockedOf: new Map(),
    flips: new Map(),
    topicUse: new Map(),
    industryUse: new Map(),
    usageRanking: null,
    coldLoadMs: 0,
  };
}

async function coldLoad(db: Db, guildId: string, now: Date): Promise<LiveCommunity> {
  const started = performance.now();
  // The version first: a write committed during the load is re-applied by the next sync.
  const version = await currentMatchingVersion(db, guildId);
  const settings = await findOrCreateGuildSettings(db, guildId);
  const [loads, pending, blocking] = await Promise.all([
    mentorLoads(db, guildId),
    pendingRequestsByMentor(db, guildId),
    blockingMatches(db, guildId, cooldownSince(settings, now)),
  ]);
  const community = emptyCommunity(guildId, settings);
  community.version = version;
  for (const [id, n] of loads) community.loads.set(id, n);
  for (const [id, n] of pending) community.pending.set(id, n);
  for (const match of blocking) addBlocking(community, match);
  const mentors: MentorInput[] = [];
  const mentees: MenteeInput[] = [];
  for (let after = 0; ; ) {
    const page = await listMatchingProfilesPage(db, guildId, after, COLD_PAGE);
    for (const profile of page) {
      const inputs = remember(community, profile, now);
      if (inputs.mentor !== null) mentors.push(inputs.mentor);
      if (inputs.mentee !== null) mentees.push(inputs.mentee);
    }
    if (page.length < COLD_PAGE) break;
    after = page[page.length - 1]?.id ?? after;
    // Let other work (other servers' commands, the gateway) run between pages.
    await nextTurn();
  }
  // The engine's build (seconds at 100k + 100k) in slices, so other servers' commands go on meanwhile.
  const index = await runInSlices(LiveIndex.createSteps({ mentors, mentees, weights: weightsOf(settings) }));
  if (mentors.length + mentees.length > largestWarmedUp) {
    await runInSlices(warmUpSteps(index, mentors, mentees, settings.suggestionsShown));
    largestWarmedUp = mentors.length + mentees.length;
  }
  const built: LiveCommunity = { ...community, index };
  built.coldLoadMs = performance.now() - started;
  report.indexBuilt({ guildId, entries: mentors.length + mentees.length, buildMs: built.coldLoadMs, kind: "live" });
  return built;
}

/**
 * Queries each side of a new index answers once before members do. V8 optimises the ranking
 * code on a function's first busy calls; without these, those calls were members' first
 * commands after a build (at 100k + 100k: the first two /match find took 104 and 70 ms, the
 * following ones 10-40; with these, 13 and 14 ms; about 0.7 s more of build, in slices).
 * The optimised code serves the whole process, so they run only for a build larger than every
 * one warmed up before (not again for each server, nor for a rebuild after an import).
 */
const WARM_UP_QUERIES = 16;
/** Profiles of the largest index this process has warmed up (see warmUpSteps). */
let largestWarmedUp = 0;

function* warmUpSteps(index: LiveIndex, mentors: readonly MentorInput[], mentees: readonly MenteeInput[], shown: number): Generator<void, void, void> {
  for (let i = 0; i < WARM_UP_QUERIES; i++) {
    // Spread over the server (profiles come in id order), the sizes the commands ask for.
    const mentee = mentees[Math.floor((i * mentees.length) / WARM_UP_QUERIES)];
    if (mentee !== undefined) index.topMentors(mentee.id, shown);
    yield;
    const mentor = mentors[Math.floor((i * mentors.length) / WARM_UP_QUERIES)];
    if (mentor !== undefined) index.topMentees(mentor.id, shown * MENTEES_RANKED_PER_SHOWN);
    yield;
  }
}

function cooldownSince(settings: GuildSettings, now: Date): Date {
  return new Date(now.getTime() - settings.cooldownDays * DAY_MS);
}

function sameWeights(a: Weights, b: Weights): boolean {
  return a.industry === b.industry && a.stage === b.stage && a.topics === b.topics && a.text === b.text;
}

async function sync(db: Db, community: LiveCommunity, now: Date): Promise<LiveCommunity> {
  const [version, settings] = await Promise.all([currentMatchingVersion(db, community.guildId), findOrCreateGuildSettings(db, community.guildId)]);
  const previous = community.settings;
  community.settings = settings;
  if (!sameWeights(weightsOf(previous), weightsOf(settings))) community.index.setWeights(weightsOf(settings));
  if (settings.cooldownDays !== previous.cooldownDays) {
    // A longer cool-down reaches back to matches closed before the window read so far.
    community.blocked.clear();
    community.blockedOf.clear();
    for (const match of await blockingMatches(db, community.guildId, cooldownSince(settings, now))) addBlocking(community, match);
  }
  if (version !== community.version) {
    const changes = await matchingChangesSince(db, community.guildId, community.version);
    // A server-wide change (an import), a version that went back (a restored backup), or so far
    // behind that the change rows may be pruned: rebuild.
    if (changes.server || version < community.version || version - community.version >= MATCHING_CHANGES_KEPT) {
      // Too many profiles at once (an import): rebuild from scratch.
      const fresh = await coldLoad(db, community.guildId, now);
      Object.assign(community, fresh);
      return community;
    }
    await reloadProfiles(db, community, [...changes.profileIds], now);
    community.version = Math.max(version, changes.version);
  }
  // "Off until X" / "on until X" mentors whose X has passed.
  const nowMs = now.getTime();
  for (const [id, flip] of community.flips) {
    if (flip.at > nowMs) continue;
    community.flips.delete(id);
    const input = community.index.mentor(String(id));
    if (input !== undefined) community.index.upsertMentor({ ...input, available: flip.until > now ? flip.mentorAvailable : !flip.mentorAvailable });
  }
  scheduleCompaction(community);
  return community;
}

/** Stepped compactions under way, per index (one at a time). */
const compacting = new WeakMap<LiveIndex, Promise<void>>();

/**
 * Rebuilds the index's base (fresh IDF, empty overlay) once enough profiles changed: in slices
 * between commands (on 100k + 100k profiles the build takes seconds), the current base answering
 * meanwhile; the profiles changed during the build are re-digested when the new base is swapped in.
 */
function scheduleCompaction(community: LiveCommunity): void {
  const index = community.index;
  if (index.pendingChanges >= index.maxPending) void compact(community);
}

/**
 * Compacts now when more than `above` profiles changed since the base was built (a matching
 * round scores each changed profile directly for every mentee it ranks); waits for a compaction
 * already under way rather than starting a second one.
 */
export async function compactIfChanged(community: LiveCommunity, above: number): Promise<void> {
  if (community.index.pendingChanges > above) await compact(community);
}

function compact(community: LiveCommunity): Promise<void> {
  const index = community.index;
  const running = compacting.get(index);
  if (running !== undefined) return running;
  const started = performance.now();
  const done = runInSlices(index.compactSteps())
    .then((swapped) => {
      if (swapped) report.indexBuilt({ guildId: community.guildId, entries: index.mentorCount + index.menteeCount, buildMs: performance.now() - started, kind: "live" });
    })
    .finally(() => compacting.delete(index))
    // A failure here is a bug in the engine: thrown again outside the promise, as the former
    // timer's was, it stops the process with its stack rather than serving from an unknown state.
    .catch((error: unknown) => {
      setImmediate(() => {
        throw error;
      });
    });
  compacting.set(index, done);
  return done;
}

/** Reloads the given profiles (rows, loads, pending requests, blocking matches) into the community. */
async function reloadProfiles(db: Db, community: LiveCommunity, ids: readonly number[], now: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += RELOAD_BATCH) {
    const batch = ids.slice(i, i + RELOAD_BATCH);
    const [profiles, loads, pending, blocking] = await Promise.all([
      findProfilesByIds(db, batch),
      mentorLoadsOf(db, batch),
      pendingRequestsOf(db, batch),
      blockingMatches(db, community.guildId, cooldownSince(community.settings, now), batch),
    ]);
    for (const id of batch) {
      forget(community, id);
      if (loads.has(id)) community.loads.set(id, loads.get(id) ?? 0);
      else community.loads.delete(id);
      if (pending.has(id)) community.pending.set(id, pending.get(id) ?? 0);
      else community.pending.delete(id);
      for (const key of blockedKeysOf(community, id)) dropBlocked(community, key);
    }
    for (const match of blocking) addBlocking(community, match);
    for (const profile of profiles) {
      if (profile.guildId !== community.guildId) continue;
      const inputs = remember(community, profile, now);
      if (inputs.mentor !== null) community.index.upsertMentor(inputs.mentor);
      if (inputs.mentee !== null) community.index.upsertMentee(inputs.mentee);
    }
  }
}

function dropBlocked(community: LiveCommunity, key: string): void {
  community.blocked.delete(key);
  const [mentor, mentee] = key.split(":").map(Number);
  for (const id of [mentor ?? -1, mentee ?? -1]) {
    const keys = community.blockedOf.get(id);
    if (keys === key) {
      community.blockedOf.delete(id);
    } else if (Array.isArray(keys)) {
      const at = keys.indexOf(key);
      if (at >= 0) keys.splice(at, 1);
      if (keys.length === 1) community.blockedOf.set(id, keys[0] ?? "");
      else if (keys.length === 0) community.blockedOf.delete(id);
    }
  }
}

/** The blocked keys of a profile (a copy: dropping them edits the stored list). */
function blockedKeysOf(community: LiveCommunity, id: number): string[] {
  const keys = community.blockedOf.get(id);
  return keys === undefined ? [] : typeof keys === "string" ? [keys] : [...keys];
}

function addBlocking(community: LiveCommunity, match: BlockingMatch): void {
  const key = `${match.mentorProfileId}:${match.menteeProfileId}`;
  const until = match.closedAt === null ? Infinity : match.closedAt.getTime();
  community.blocked.set(key, Math.max(until, community.blocked.get(key) ?? -Infinity));
  for (const id of [match.mentorProfileId, match.menteeProfileId]) {
    const keys = community.blockedOf.get(id);
    if (keys === undefined) community.blockedOf.set(id, key);
    else if (typeof keys === "string") {
      if (keys !== key) community.blockedOf.set(id, [keys, key]);
    } else if (!keys.includes(key)) keys.push(key);
  }
}

/** Removes a profile from every structure (a reload puts it back if it still exists). */
function forget(community: LiveCommunity, id: number): void {
  const key = String(id);
  const mentor = community.index.mentor(key);
  const mentee = community.index.mentee(key);
  const userId = community.userOf.get(id);
  if (userId !== undefined) {
    // Every profile in the index has a side (listMatchingProfilesPage), whose input has the industry.
    const industry = mentor?.industry ?? mentee?.industry;
    if (industry !== undefined) {
      const left = (community.industryUse.get(industry) ?? 0) - 1;
      if (left > 0) community.industryUse.set(industry, left);
      else community.industryUse.delete(industry);
    }
    community.usageRanking = null;
    if (community.mentorByUser.get(userId) === id) community.mentorByUser.delete(userId);
    if (community.menteeByUser.get(userId) === id) community.menteeByUser.delete(userId);
  }
  community.userOf.delete(id);
  community.waiting.delete(id);
  community.flips.delete(id);
  countTopics(community, mentor?.topics ?? [], -1);
  countTopics(community, mentee?.topics ?? [], -1);
  community.index.removeMentor(key);
  community.index.removeMentee(key);
}

function countTopics(community: LiveCommunity, labels: readonly string[], delta: number): void {
  if (labels.length === 0) return;
  community.usageRanking = null;
  for (const raw of labels) {
    const label = raw.startsWith(KEEP_AS_WRITTEN_PREFIX) ? raw.slice(KEEP_AS_WRITTEN_PREFIX.length) : raw;
    const count = (community.topicUse.get(label) ?? 0) + delta;
    if (count > 0) community.topicUse.set(label, count);
    else community.topicUse.delete(label);
  }
}

/** Records a profile's references and returns its engine inputs (null for a side it does not take). */
function remember(community: LiveCommunity, profile: MatchingProfileRow, now: Date): { mentor: MentorInput | null; mentee: MenteeInput | null } {
  community.userOf.set(profile.id, profile.userId);
  if (profile.isMentee && profile.menteeWaitingSince !== null) community.waiting.add(profile.id);
  community.industryUse.set(profile.industry, (community.industryUse.get(profile.industry) ?? 0) + 1);
  community.usageRanking = null;
  if (profile.isMentor) community.mentorByUser.set(profile.userId, profile.id);
  if (profile.isMentee) community.menteeByUser.set(profile.userId, profile.id);
  if (profile.isMentor && profile.mentorAvailableUntil !== null && profile.mentorAvailableUntil > now) {
    community.flips.set(profile.id, { at: profile.mentorAvailableUntil.getTime(), mentorAvailable: profile.mentorAvailable, until: profile.mentorAvailableUntil });
  }
  const inputs = {
    mentor: profile.isMentor ? toMentorInput(profile, community.loads.get(profile.id) ?? 0, now, community.pending.get(profile.id) ?? 0) : null,
    mentee: profile.isMentee ? toMenteeInput(profile) : null,
  };
  countTopics(community, inputs.mentor?.topics ?? [], 1);
  countTopics(community, inputs.mentee?.topics ?? [], 1);
  return inputs;
}
