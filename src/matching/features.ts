// Per-profile precomputation shared by the index, the full scan and the explanations: interned
// ids in flat typed arrays (CSR layout) so that 100k+ profiles stay compact and fast to scan.
import { ACCEPTS_CODES, ADVISES_CODES, MENTOR_OPEN, mentorOpenState } from "./filters.js";
import { effectiveMenteeIndustry, KNOWN_INDUSTRIES, normalizeIndustry, relatedIndustries } from "./industry.js";
import { STOP_WORDS } from "./nlp.js";
import { STAGES, stageIndex } from "./stage.js";
import { IntBuffer, smoothIdf, TermCounter, Vocabulary, writeTfidf } from "./text.js";
import { topicNeighbours, uniqueTopics } from "./topics.js";
import type { MenteeInput, MentorInput } from "./types.js";

export type Role = "mentor" | "mentee";

/**
 * One profile digested for scoring. Indexed profiles are views into their table; ad hoc profiles
 * (a mentee object passed to topMentors, say) are digested on the fly against the same
 * vocabularies, unknown words getting ids past the vocabulary ("extension" ids) that no indexed
 * profile has.
 */
export interface Features {
  role: Role;
  id: string;
  stage: number;
  /** Industry id (effective/target industry for a mentee); -1 for an empty industry. */
  industry: number;
  /** Whether `industry` is a career changer's target industry (mentees only). */
  isTarget: boolean;
  /** Sorted distinct topic ids. */
  topicIds: Int32Array;
  /** Sum of the IDF of the profile's topics, summed in id order. */
  topicIdfSum: number;
  /** Sorted distinct term ids of the "about" text and their normalised TF-IDF weights. */
  termIds: Int32Array;
  termWeights: Float32Array;
  /** Mentors: MENTOR_OPEN / _UNAVAILABLE / _FULL. Mentees: unused (0). */
  open: number;
  /** Mentors: ADVISES_CODES index. Mentees: ACCEPTS_CODES index. */
  preference: number;
  /** Mentors: score multiplier for pending requests beyond free places (1 when not overloaded). Mentees: 1. */
  loadFactor: number;
}

/**
 * How much pending requests beyond a mentor's free places lower the mentor's scores:
 * factor = free / (free + LOAD_PENALTY * (pending - free)). One request too many with one free
 * place gives 0.8; twenty give 0.17; five free places and six pending give 0.95.
 */
export const LOAD_PENALTY = 0.25;

/** Score multiplier of a mentor with `free` places and `pending` requests waiting for an answer. */
export function loadFactor(free: number, pending: number): number {
  if (!(pending > free) || free <= 0) return 1;
  return free / (free + LOAD_PENALTY * (pending - free));
}

function mentorLoadFactor(mentor: MentorInput): number {
  const free = Math.max(0, mentor.capacity - (mentor.activeCount ?? 0));
  return loadFactor(free, Math.max(0, mentor.pendingRequests ?? 0));
}

type ExtensionKind = "topics" | "terms" | "industries";
const EXTENSION_KINDS: readonly ExtensionKind[] = ["topics", "terms", "industries"];

/** Ids for words an index has never seen, shared by the ad hoc profiles of one call. */
export class Extension {
  private readonly maps = { topics: new Map<string, number>(), terms: new Map<string, number>(), industries: new Map<string, number>() };
  private readonly displays = new Map<string, string>();
  private readonly keys = new Map<string, string>();

  /** Id past `base` (the vocabulary size) for an unknown key of `kind`. */
  id(kind: ExtensionKind, base: number, key: string, display: string): number {
    const map = this.maps[kind];
    let id = map.get(key);
    if (id === undefined) {
      id = base + map.size;
      map.set(key, id);
      this.displays.set(`${EXTENSION_KINDS.indexOf(kind)}:${id}`, display);
      this.keys.set(`${EXTENSION_KINDS.indexOf(kind)}:${id}`, key);
    }
    return id;
  }

  display(kind: ExtensionKind, id: number): string {
    return this.displays.get(`${EXTENSION_KINDS.indexOf(kind)}:${id}`) ?? "";
  }

  key(kind: ExtensionKind, id: number): string {
    return this.keys.get(`${EXTENSION_KINDS.indexOf(kind)}:${id}`) ?? "";
  }
}

/**
 * All profiles of one role in flat arrays. Rows are not in input order: they are sorted into
 * "cells" of equal (industry, career stage), so that a cell is a contiguous range of rows and
 * every posting list (rows ascending) is grouped by cell too. Mentors who are unavailable or full
 * come after the last cell and are in no posting list: no query can use them.
 */
export interface ProfileTable {
  role: Role;
  count: number;
  ids: readonly string[];
  names: readonly string[];
  rowOf: ReadonlyMap<string, number>;
  stage: Uint8Array;
  industry: Int32Array;
  isTarget: Uint8Array;
  open: Uint8Array;
  preference: Uint8Array;
  /** Mentors only (zeros for mentees): for free places and "at capacity" messages. */
  capacity: Int32Array;
  activeCount: Int32Array;
  /** Mentors: requests waiting for an answer, and the resulting score multiplier (1 for mentees). */
  pending: Int32Array;
  loadFactor: Float64Array;
  topicStart: Int32Array;
  topicIds: Int32Array;
  topicIdfSum: Float64Array;
  termStart: Int32Array;
  termIds: Int32Array;
  termWeights: Float32Array;
  /** Usable rows having topic t, ascending: topicRows[topicRowStart[t] .. topicRowStart[t + 1]). */
  topicRowStart: Int32Array;
  topicRows: Int32Array;
  /** Cell c is rows [cellStart[c], cellStart[c + 1]), all in cellIndustry[c] at cellStage[c]. */
  cellStart: Int32Array;
  cellIndustry: Int32Array;
  cellStage: Uint8Array;
  /** Largest weight of each term over the table: bounds the text similarity of any row. */
  maxTermWeight: Float32Array;
}

/** Interned vocabularies and IDF over the whole community (mentors and mentees). */
export class CommunityModel {
  readonly topics = new Vocabulary();
  readonly terms = new Vocabulary();
  readonly industries = new Vocabulary();
  private topicIdf: Float64Array = new Float64Array(0);
  private termIdf: Float64Array = new Float64Array(0);
  private informative: Uint8Array = new Uint8Array(0);
  private documents = 0;
  private readonly relatedCache = new Map<number, readonly (readonly [number, number])[]>();
  private readonly neighbourCache = new Map<number, readonly (readonly [number, number])[]>();

  constructor() {
    // Known industries first, so that an ad hoc profile in any V2 industry has a real id.
    for (const key of KNOWN_INDUSTRIES) this.internIndustry(key);
  }

  internIndustry(key: string): number {
    if (key === "") return -1;
    return this.industries.intern(key, key);
  }

  /** (industry id, value) of every interned industry related to `industry`, itself (value 1) included. */
  industriesRelatedTo(industry: number): readonly (readonly [number, number])[] {
    if (industry < 0 || industry >= this.industries.size) return [];
    let related = this.relatedCache.get(industry);
    if (related === undefined) {
      related = relatedIndustries(this.industries.display(industry)).flatMap(([key, value]) => {
        const id = this.industries.get(key);
        return id === undefined ? [] : [[id, value] as const];
      });
      this.relatedCache.set(industry, related);
    }
    return related;
  }

  /** (topic id, credit) of the family members of a topic that occur in the community. */
  topicNeighbourIds(topic: number, extension?: Extension): readonly (readonly [number, number])[] {
    const cached = topic < this.topics.size ? this.neighbourCache.get(topic) : undefined;
    if (cached !== undefined) return cached;
    const key = topic < this.topics.size ? this.topics.key(topic) : (extension?.key("topics", topic) ?? "");
    const neighbours: (readonly [number, number])[] = [];
    for (const [other, credit] of topicNeighbours(key)) {
      const id = this.topics.get(other);
      if (id !== undefined) neighbours.push([id, credit]);
    }
    neighbours.sort((a, b) => a[0] - b[0]);
    if (topic < this.topics.size) this.neighbourCache.set(topic, neighbours);
    return neighbours;
  }

  /** Freeze the vocabularies' statistics over `documents` profiles. */
  finish(documents: number): void {
    this.documents = documents;
    this.topicIdf = this.topics.idfTable(documents);
    this.termIdf = this.terms.idfTable(documents);
    this.informative = new Uint8Array(this.terms.size);
    for (let id = 0; id < this.terms.size; id++) {
      this.informative[id] = isInformativeTerm(this.terms.display(id), this.terms.frequency(id), documents) ? 1 : 0;
    }
  }

  /**
   * Whether a shared term is evidence and worth showing: see isInformativeTerm. Terms unknown to
   * the community (df 0) only need to pass the word checks.
   */
  termInformative(id: number, extension?: Extension): boolean {
    if (id < this.informative.length) return this.informative[id] === 1;
    return isInformativeTerm(extension?.display("terms", id) ?? "", 0, this.documents);
  }

  topicIdfOf(id: number): number {
    return this.topicIdf[id] ?? smoothIdf(this.documents, 0);
  }

  termIdfOf(id: number): number {
    return this.termIdf[id] ?? smoothIdf(this.documents, 0);
  }

  industryKey(industry: number, extension?: Extension): string {
    if (industry < 0) return "";
    if (industry < this.industries.size) return this.industries.display(industry);
    return extension?.display("industries", industry) ?? "";
  }

  topicKeyOf(id: number, extension?: Extension): string {
    if (id < this.topics.size) return this.topics.key(id);
    return extension?.key("topics", id) ?? "";
  }

  topicDisplay(id: number, extension?: Extension): string {
    if (id < this.topics.size) return this.topics.display(id);
    return extension?.display("topics", id) ?? "";
  }

  termDisplay(id: number, extension?: Extension): string {
    if (id < this.terms.size) return this.terms.display(id);
    return extension?.display("terms", id) ?? "";
  }

  idfSum(topicIds: Int32Array): number {
    let sum = 0;
    for (const id of topicIds) sum += this.topicIdfOf(id);
    return sum;
  }

  /** Digest a profile without adding it to the community (no IDF change). */
  featuresOf(profile: MentorInput | MenteeInput, role: Role, extension: Extension): Features {
    const { key, isTarget } = industryOf(profile, role);
    const industry = key === "" ? -1 : (this.industries.get(key) ?? extension.id("industries", this.industries.size, key, key));
    const topicIds = Int32Array.from(
      uniqueTopics(profile.topics).map(
        (topic) => this.topics.get(topic.key) ?? extension.id("topics", this.topics.size, topic.key, topic.display),
      ),
    ).sort();
    const ids: number[] = [];
    const counts: number[] = [];
    new TermCounter().count(
      profile.about,
      (stem, surface) => this.terms.get(stem) ?? extension.id("terms", this.terms.size, stem, surface),
      (id, count) => {
        ids.push(id);
        counts.push(count);
      },
    );
    const termIds = Int32Array.from(ids);
    const termWeights = new Float32Array(ids.length);
    writeTfidf(termIds, Int32Array.from(counts), 0, ids.length, (id) => this.termIdfOf(id), termWeights);
    return {
      role,
      id: profile.id,
      stage: stageIndex(profile.stage),
      industry,
      isTarget,
      topicIds,
      topicIdfSum: this.idfSum(topicIds),
      termIds,
      termWeights,
      open: role === "mentor" ? mentorOpenState(profile as MentorInput) : 0,
      preference: preferenceOf(profile, role),
      loadFactor: role === "mentor" ? mentorLoadFactor(profile as MentorInput) : 1,
    };
  }

  /** A row of a table as Features (views, no copying). */
  rowFeatures(table: ProfileTable, row: number): Features {
    const topicFrom = table.topicStart[row] ?? 0;
    const topicTo = table.topicStart[row + 1] ?? 0;
    const termFrom = table.termStart[row] ?? 0;
    const termTo = table.termStart[row + 1] ?? 0;
    return {
      role: table.role,
      id: table.ids[row] ?? "",
      stage: table.stage[row] ?? 0,
      industry: table.industry[row] ?? -1,
      isTarget: table.isTarget[row] === 1,
      topicIds: table.topicIds.subarray(topicFrom, topicTo),
      topicIdfSum: table.topicIdfSum[row] ?? 0,
      termIds: table.termIds.subarray(termFrom, termTo),
      termWeights: table.termWeights.subarray(termFrom, termTo),
      open: table.open[row] ?? 0,
      preference: table.preference[row] ?? 0,
      loadFactor: table.loadFactor[row] ?? 1,
    };
  }
}

function industryOf(profile: MentorInput | MenteeInput, role: Role): { key: string; isTarget: boolean } {
  return role === "mentee" ? effectiveMenteeIndustry(profile as MenteeInput) : { key: normalizeIndustry(profile.industry), isTarget: false };
}

function preferenceOf(profile: MentorInput | MenteeInput, role: Role): number {
  const [codes, value, field]: [readonly string[], string, string] =
    role === "mentor"
      ? [ADVISES_CODES, (profile as MentorInput).advises, "advises"]
      : [ACCEPTS_CODES, (profile as MenteeInput).acceptsFrom, "acceptsFrom"];
  const index = codes.indexOf(value);
  if (index < 0) throw new RangeError(`profile ${profile.id}: ${field} must be one of ${codes.join("|")}, got ${String(value)}`);
  return index;
}

/** Rows of one role after the first pass (interning); term weights need the final IDF. */
type PendingTable = Omit<ProfileTable, "termWeights" | "topicIdfSum" | "maxTermWeight" | "topicRowStart" | "topicRows"> & {
  termCounts: Int32Array;
  usableCount: number;
};

/** The build's first pass over the profiles yields every PREPASS_STEP + 1 of them. */
const PREPASS_STEP = 1023;

function* internProfiles(model: CommunityModel, profiles: readonly (MentorInput | MenteeInput)[], role: Role): Generator<void, PendingTable, void> {
  const n = profiles.length;
  // First the fields that decide the row order, per input index.
  const inputIndustry = new Int32Array(n);
  const inputTarget = new Uint8Array(n);
  const inputStage = new Uint8Array(n);
  const inputOpen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const profile = profiles[i];
    if (profile === undefined) throw new RangeError(`${role}s[${i}] is missing`);
    const industryKey = industryOf(profile, role);
    inputIndustry[i] = model.internIndustry(industryKey.key);
    inputTarget[i] = industryKey.isTarget ? 1 : 0;
    inputStage[i] = stageIndex(profile.stage);
    inputOpen[i] = role === "mentor" ? mentorOpenState(profile as MentorInput) : MENTOR_OPEN;
    if ((i & PREPASS_STEP) === PREPASS_STEP) yield;
  }
  // Row r holds profiles[inputIndex[r]]: rows ordered by (usable first, industry, stage, input
  // order). A counting sort on that key, stable, so input order breaks ties; in steps, where a
  // comparison sort of 100k rows held the caller's event loop for 50-100 ms in one go.
  const industries = model.industries.size + 1; // industry -1 (none) is bucket 0
  const bucketOf = new Int32Array(n);
  const bucketStart = new Int32Array(2 * industries * STAGES.length + 1);
  for (let i = 0; i < n; i++) {
    const bucket = ((inputOpen[i] === MENTOR_OPEN ? 0 : industries) + (inputIndustry[i] ?? -1) + 1) * STAGES.length + (inputStage[i] ?? 0);
    bucketOf[i] = bucket;
    bucketStart[bucket + 1] = (bucketStart[bucket + 1] ?? 0) + 1;
  }
  for (let b = 1; b < bucketStart.length; b++) bucketStart[b] = (bucketStart[b] ?? 0) + (bucketStart[b - 1] ?? 0);
  const inputIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const bucket = bucketOf[i] ?? 0;
    const at = bucketStart[bucket] ?? 0;
    inputIndex[at] = i;
    bucketStart[bucket] = at + 1;
    if ((i & PREPASS_STEP) === PREPASS_STEP) yield;
  }

  const ids: string[] = new Array<string>(n);
  const names: string[] = new Array<string>(n);
  const rowOf = new Map<string, number>();
  const stage = new Uint8Array(n);
  const industry = new Int32Array(n);
  const isTarget = new Uint8Array(n);
  const open = new Uint8Array(n);
  const preference = new Uint8Array(n);
  const capacity = new Int32Array(n);
  const activeCount = new Int32Array(n);
  const pending = new Int32Array(n);
  const loadFactors = new Float64Array(n).fill(1);
  const topicStart = new Int32Array(n + 1);
  const termStart = new Int32Array(n + 1);
  const topicBuffer = new IntBuffer(n * 4);
  const termBuffer = new IntBuffer(n * 24);
  const countBuffer = new IntBuffer(n * 24);
  const counter = new TermCounter();
  const internTerm = (stem: string, surface: string): number => model.terms.intern(stem, surface);
  const addTerm = (id: number, count: number): void => {
    termBuffer.push(id);
    countBuffer.push(count);
    model.terms.countDocument(id);
  };
  const cellStart: number[] = [];
  const cellIndustry: number[] = [];
  const cellStage: number[] = [];
  let usableCount = 0;
  for (let row = 0; row < n; row++) {
    const input = inputIndex[row] ?? 0;
    const profile = profiles[input] as MentorInput | MenteeInput;
    if (rowOf.has(profile.id)) throw new RangeError(`duplicate ${role} id: ${profile.id}`);
    rowOf.set(profile.id, row);
    ids[row] = profile.id;
    names[row] = profile.name;
    stage[row] = inputStage[input] ?? 0;
    industry[row] = inputIndustry[input] ?? -1;
    isTarget[row] = inputTarget[input] ?? 0;
    open[row] = inputOpen[input] ?? 0;
    preference[row] = preferenceOf(profile, role);
    if (role === "mentor") {
      const mentor = profile as MentorInput;
      capacity[row] = mentor.capacity;
      activeCount[row] = mentor.activeCount ?? 0;
      pending[row] = Math.max(0, mentor.pendingRequests ?? 0);
      loadFactors[row] = mentorLoadFactor(mentor);
    }
    if (open[row] === MENTOR_OPEN) {
      usableCount = row + 1;
      if (row === 0 || industry[row] !== industry[row - 1] || stage[row] !== stage[row - 1]) {
        cellStart.push(row);
        cellIndustry.push(industry[row] ?? -1);
        cellStage.push(stage[row] ?? 0);
      }
    }
    const topicIds = uniqueTopics(profile.topics)
      .map((t) => model.topics.intern(t.key, t.display))
      .sort((a, b) => a - b);
    for (const id of topicIds) {
      topicBuffer.push(id);
      model.topics.countDocument(id);
    }
    topicStart[row + 1] = topicBuffer.length;
    counter.count(profile.about, internTerm, addTerm);
    termStart[row + 1] = termBuffer.length;
    yield;
  }
  cellStart.push(usableCount);
  return {
    role,
    count: n,
    ids,
    names,
    rowOf,
    stage,
    industry,
    isTarget,
    open,
    preference,
    capacity,
    activeCount,
    pending,
    loadFactor: loadFactors,
    topicStart,
    topicIds: topicBuffer.toArray(),
    termStart,
    termIds: termBuffer.toArray(),
    cellStart: Int32Array.from(cellStart),
    cellIndustry: Int32Array.from(cellIndustry),
    cellStage: Uint8Array.from(cellStage),
    termCounts: countBuffer.toArray(),
    usableCount,
  };
}

/** Usable rows (0 .. usableCount) of every key in CSR form, rows ascending within a key. */
function invert(start: Int32Array, keys: Int32Array, keyCount: number, usableCount: number): { start: Int32Array; rows: Int32Array } {
  const keyStart = new Int32Array(keyCount + 1);
  const usableEntries = start[usableCount] ?? 0;
  for (let e = 0; e < usableEntries; e++) {
    const key = keys[e] ?? 0;
    keyStart[key + 1] = (keyStart[key + 1] ?? 0) + 1;
  }
  for (let k = 0; k < keyCount; k++) keyStart[k + 1] = (keyStart[k + 1] ?? 0) + (keyStart[k] ?? 0);
  const next = keyStart.slice(0, keyCount);
  const rows = new Int32Array(keyStart[keyCount] ?? 0);
  for (let row = 0; row < usableCount; row++) {
    for (let e = start[row] ?? 0; e < (start[row + 1] ?? 0); e++) {
      const key = keys[e] ?? 0;
      rows[next[key] ?? 0] = row;
      next[key] = (next[key] ?? 0) + 1;
    }
  }
  return { start: keyStart, rows };
}

function* finishTable(model: CommunityModel, pending: PendingTable): Generator<void, ProfileTable, void> {
  const { termCounts, usableCount, ...table } = pending;
  const n = table.count;
  const termWeights = new Float32Array(table.termIds.length);
  const maxTermWeight = new Float32Array(model.terms.size);
  const topicIdfSum = new Float64Array(n);
  const termIdf = (id: number): number => model.termIdfOf(id);
  for (let row = 0; row < n; row++) {
    const from = table.termStart[row] ?? 0;
    const to = table.termStart[row + 1] ?? 0;
    writeTfidf(table.termIds, termCounts, from, to, termIdf, termWeights);
    if (row < usableCount) {
      for (let e = from; e < to; e++) {
        const id = table.termIds[e] ?? 0;
        const w = termWeights[e] ?? 0;
        if (w > (maxTermWeight[id] ?? 0)) maxTermWeight[id] = w;
      }
    }
    topicIdfSum[row] = model.idfSum(table.topicIds.subarray(table.topicStart[row] ?? 0, table.topicStart[row + 1] ?? 0));
    if ((row & 255) === 255) yield;
  }
  const byTopic = invert(table.topicStart, table.topicIds, model.topics.size, usableCount);
  // Every field written out, in one literal: built with a spread, the mentor and mentee tables of
  // one build, and those of each later build, got different hidden classes, so each compaction
  // de-optimised the search (its first queries at 100k + 100k took 16-31 ms, 5-7 ms with one hidden
  // class, and a matching round's first slices after its refresh 72 ms, 31-36 ms with one).
  return {
    role: table.role,
    count: table.count,
    ids: table.ids,
    names: table.names,
    rowOf: table.rowOf,
    stage: table.stage,
    industry: table.industry,
    isTarget: table.isTarget,
    open: table.open,
    preference: table.preference,
    capacity: table.capacity,
    activeCount: table.activeCount,
    pending: table.pending,
    loadFactor: table.loadFactor,
    topicStart: table.topicStart,
    topicIds: table.topicIds,
    topicIdfSum,
    termStart: table.termStart,
    termIds: table.termIds,
    termWeights,
    topicRowStart: byTopic.start,
    topicRows: byTopic.rows,
    cellStart: table.cellStart,
    cellIndustry: table.cellIndustry,
    cellStage: table.cellStage,
    maxTermWeight,
  };
}

/** Both tables over one community model; IDF counts every mentor and mentee once. */
export interface Tables {
  model: CommunityModel;
  mentors: ProfileTable;
  mentees: ProfileTable;
}

export function buildTables(mentors: readonly MentorInput[], mentees: readonly MenteeInput[]): Tables {
  return runSteps(buildTablesSteps(mentors, mentees));
}

/**
 * buildTables one step at a time: a step every 1,024 profiles of the first pass (row order),
 * after each profile digested and every 256 rows weighted, so a caller can spread a large build
 * over many turns of its event loop. The profiles must not change while it runs (the caller
 * passes a snapshot).
 */
export function* buildTablesSteps(mentors: readonly MentorInput[], mentees: readonly MenteeInput[]): Generator<void, Tables, void> {
  const model = new CommunityModel();
  const pendingMentors = yield* internProfiles(model, mentors, "mentor");
  const pendingMentees = yield* internProfiles(model, mentees, "mentee");
  model.finish(mentors.length + mentees.length);
  const mentorTable = yield* finishTable(model, pendingMentors);
  const menteeTable = yield* finishTable(model, pendingMentees);
  return { model, mentors: mentorTable, mentees: menteeTable };
}

/** Runs a step generator to its end and returns its result. */
export function runSteps<T>(steps: Generator<unknown, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** Share of profiles above which a word tells no pair apart (only in communities of MIN_DOCS_FOR_IDF+). */
export const MAX_INFORMATIVE_SHARE = 0.25;
export const MIN_DOCS_FOR_IDF = 20;
/** Two-letter words that do carry meaning in careers talk. */
const SHORT_WORDS = new Set(["ux", "ui", "ai", "ml", "qa", "hr", "pr", "vc", "pm", "it", "go", "js", "ts", "c#", "r"]);

/**
 * A word is informative when it is not a stop word, has 3+ letters (or is a known short term like
 * "ux"), and, in a community big enough for frequencies to mean something, is used by at most a
 * quarter of the profiles. Only informative shared words are shown as "similar goals" and count
 * as text evidence for a suggestion.
 */
export function isInformativeTerm(surface: string, documentFrequency: number, documents: number): boolean {
  const word = surface.toLowerCase();
  if (word === "" || STOP_WORDS.has(word)) return false;
  if (word.length < 3 && !SHORT_WORDS.has(word)) return false;
  if (documents >= MIN_DOCS_FOR_IDF && documentFrequency > MAX_INFORMATIVE_SHARE * documents) return false;
  return true;
}
