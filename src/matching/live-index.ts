/**
 * A matching index that stays live: profiles are upserted and removed one at a time, and every
 * query answers exactly for the current profiles.
 *
 * It is a built MatchingIndex (the "base", immutable CSR tables) plus an overlay of the profiles
 * changed since the base was built. A query ranks the base with the changed ids excluded (the
 * exclusion goes through the block list, which the search applies after scoring, so the base's
 * top k is exactly the best k of its unchanged rows), scores each changed profile of the other
 * side directly (hard filters, evidence, the same explainPair), and merges the two by
 * (score desc, id asc). The result is exactly the full scan over the current profiles
 * (`scanTopMentors`), property-tested in test/matching/live-index.test.ts.
 *
 * What is frozen is the IDF of topics and words (and the informative-word threshold): it is the
 * base's, computed over the profiles as they were when it was built. Changed profiles are
 * digested against it (unknown words get "extension" ids, shared by every changed profile, so two
 * new profiles with the same new topic still match on it, at the IDF of a topic nobody had).
 * Ranking stays exact for that snapshot: every pair is scored with one IDF table, the same one
 * the full scan uses. Once `maxPending` profiles changed, `compact()` rebuilds the base from the
 * current profiles, which refreshes the IDF; after it the live index equals a fresh buildIndex of
 * the same profiles. IDF is therefore at most `maxPending` profile changes stale; IDF moves by
 * about log((N + c) / N) for c changes among N profiles, well under a percent for c = 1% of N.
 * A weight change rebuilds at once (`setWeights`).
 *
 * Cost: a query is the base's search plus O(changed profiles) pair scores; an update digests one
 * profile (tokenising its text) and never touches the tables.
 *
 * Builds can be spread over many turns of the caller's event loop: `LiveIndex.createSteps` and
 * `compactSteps` are generators (a step per profile digested). A stepped compaction builds the new
 * base from a snapshot of the profiles while the current base and overlay keep answering; the
 * profiles changed meanwhile are re-digested against the new base when it is swapped in, so
 * every answer, before and after the swap, is exact for the profiles current at that moment.
 */
import { Extension, type Features, type Role } from "./features.js";
import { filterReason } from "./filters.js";
import { buildIndex, buildIndexSteps, type MatchingIndex } from "./index-search.js";
import { compareIds } from "./top-k.js";
import type { FilterReason, IsBlocked, MenteeInput, MentorInput, PairScore, QueryOptions, Weights } from "./types.js";

export interface LiveIndexOptions {
  mentors?: readonly MentorInput[];
  mentees?: readonly MenteeInput[];
  weights?: Partial<Weights>;
  /**
   * Changed profiles kept in the overlay before `compactIfNeeded` rebuilds the base (default:
   * 1% of the profiles, at least 256, at most 2,000).
   */
  maxPending?: number;
}

/** Changed profiles of one side: features against the base, or null once removed. */
type Overlay = Map<string, Features | null>;

export class LiveIndex {
  private base: MatchingIndex;
  private readonly mentors = new Map<string, MentorInput>();
  private readonly mentees = new Map<string, MenteeInput>();
  private readonly changedMentors: Overlay = new Map();
  private readonly changedMentees: Overlay = new Map();
  private extension = new Extension();
  private weights: Partial<Weights> | undefined;
  private readonly fixedMaxPending: number | undefined;
  /** Number of base builds so far (1 after the constructor). */
  builds = 0;
  /** Bumped by every build started, so a stepped compaction overtaken by another build is dropped. */
  private epoch = 0;
  /** While a stepped compaction runs: the profiles changed since its snapshot. */
  private sinceSnapshot: { mentors: Set<string>; mentees: Set<string> } | null = null;

  /** The constructor's build, one step at a time (see buildIndexSteps). */
  static *createSteps(options: LiveIndexOptions = {}): Generator<void, LiveIndex, void> {
    const index = new LiveIndex(options, null);
    const base = yield* buildIndexSteps({ mentors: [...index.mentors.values()], mentees: [...index.mentees.values()], weights: index.weights });
    index.swapIn(base);
    return index;
  }

  /** `base`: null for createSteps, which builds it after the constructor. */
  constructor(options: LiveIndexOptions = {}, base?: null) {
    for (const m of options.mentors ?? []) {
      if (this.mentors.has(m.id)) throw new RangeError(`duplicate mentor id: ${m.id}`);
      this.mentors.set(m.id, m);
    }
    for (const m of options.mentees ?? []) {
      if (this.mentees.has(m.id)) throw new RangeError(`duplicate mentee id: ${m.id}`);
      this.mentees.set(m.id, m);
    }
    this.weights = options.weights;
    this.fixedMaxPending = options.maxPending;
    // A placeholder the stepped build replaces before the index is handed out.
    this.base = base === null ? buildIndex({ mentors: [], mentees: [], weights: this.weights }) : this.build();
  }

  get mentorCount(): number {
    return this.mentors.size;
  }

  get menteeCount(): number {
    return this.mentees.size;
  }

  /** Profiles changed since the base was built (the overlay each query scans). */
  get pendingChanges(): number {
    return this.changedMentors.size + this.changedMentees.size;
  }

  get maxPending(): number {
    if (this.fixedMaxPending !== undefined) return this.fixedMaxPending;
    return Math.min(2000, Math.max(256, Math.ceil((this.mentors.size + this.mentees.size) / 100)));
  }

  get resolvedWeights(): Weights {
    return this.base.weights;
  }

  hasMentor(id: string): boolean {
    return this.mentors.has(id);
  }

  hasMentee(id: string): boolean {
    return this.mentees.has(id);
  }

  mentor(id: string): MentorInput | undefined {
    return this.mentors.get(id);
  }

  mentee(id: string): MenteeInput | undefined {
    return this.mentees.get(id);
  }

  /** The current profiles (for a matching round). */
  mentorInputs(): MentorInput[] {
    return [...this.mentors.values()];
  }

  menteeInputs(): MenteeInput[] {
    return [...this.mentees.values()];
  }

  upsertMentor(mentor: MentorInput): void {
    this.mentors.set(mentor.id, mentor);
    this.changedMentors.set(mentor.id, this.base.digest(mentor, "mentor", this.extension));
    this.sinceSnapshot?.mentors.add(mentor.id);
  }

  upsertMentee(mentee: MenteeInput): void {
    this.mentees.set(mentee.id, mentee);
    this.changedMentees.set(mentee.id, this.base.digest(mentee, "mentee", this.extension));
    this.sinceSnapshot?.mentees.add(mentee.id);
  }

  removeMentor(id: string): void {
    if (this.mentors.delete(id)) {
      this.changedMentors.set(id, null);
      this.sinceSnapshot?.mentors.add(id);
    }
  }

  removeMentee(id: string): void {
    if (this.mentees.delete(id)) {
      this.changedMentees.set(id, null);
      this.sinceSnapshot?.mentees.add(id);
    }
  }

  /** New weights change every score: rebuilds the base. */
  setWeights(weights: Partial<Weights> | undefined): void {
    this.weights = weights;
    this.compact();
  }

  /** Rebuilds the base from the current profiles (fresh IDF); the overlay empties. */
  compact(): void {
    this.base = this.build();
  }

  /**
   * compact() one step at a time: the new base is built from the profiles as they are when it
   * starts, and swapped in at the end with the profiles changed meanwhile re-digested against it.
   * Queries and updates may run between steps. Returns false when another build (compact,
   * setWeights, a later compactSteps) overtook it, which then stands.
   */
  *compactSteps(): Generator<void, boolean, void> {
    const epoch = ++this.epoch;
    const since = { mentors: new Set<string>(), mentees: new Set<string>() };
    this.sinceSnapshot = since;
    const base = yield* buildIndexSteps({ mentors: [...this.mentors.values()], mentees: [...this.mentees.values()], weights: this.weights });
    if (epoch !== this.epoch) return false;
    this.sinceSnapshot = null;
    this.swapIn(base);
    for (const id of since.mentors) {
      const mentor = this.mentors.get(id);
      this.changedMentors.set(id, mentor === undefined ? null : base.digest(mentor, "mentor", this.extension));
    }
    for (const id of since.mentees) {
      const mentee = this.mentees.get(id);
      this.changedMentees.set(id, mentee === undefined ? null : base.digest(mentee, "mentee", this.extension));
    }
    return true;
  }

  /** compact() when the overlay has reached maxPending; true if it did. */
  compactIfNeeded(): boolean {
    if (this.pendingChanges < this.maxPending) return false;
    this.compact();
    return true;
  }

  topMentors(menteeId: string, k: number, options: QueryOptions = {}): PairScore[] {
    return this.rank(menteeId, "mentee", k, options, true);
  }

  topMentees(mentorId: string, k: number, options: QueryOptions = {}): PairScore[] {
    return this.rank(mentorId, "mentor", k, options, true);
  }

  /** Same result as topMentors, by scoring every current mentor (reference for tests). */
  scanTopMentors(menteeId: string, k: number, options: QueryOptions = {}): PairScore[] {
    return this.rank(menteeId, "mentee", k, options, false);
  }

  scanTopMentees(mentorId: string, k: number, options: QueryOptions = {}): PairScore[] {
    return this.rank(mentorId, "mentor", k, options, false);
  }

  /**
   * topMentors without the explanations: the same mentors with the same scores, in the same
   * order (a matching round's candidate lists, where only scores count).
   */
  topMentorScores(menteeId: string, k: number, options: QueryOptions = {}): { mentorId: string; score: number }[] {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
    const mentee = this.inputOf(this.mentees, menteeId, "mentee");
    const features = this.featuresOf(menteeId, "mentee");
    const blocked = options.isBlocked;
    const strongOnly = options.includeWeak !== true;
    const overlay = this.changedMentors;
    // As in rank: the base's rows but the changed ones, then each changed mentor scored directly.
    const exclude: IsBlocked = (mentorId, id) => overlay.has(mentorId) || blocked?.(mentorId, id) === true;
    const ranked = this.base.rankMentorRowsFor(features, k, exclude, strongOnly, this.extension).map(({ row, score }) => ({ mentorId: this.base.mentorIdOf(row), score }));
    for (const [id, changed] of overlay) {
      if (changed === null) continue;
      if (filterReason(this.inputOf(this.mentors, id, "mentor"), mentee, { isBlocked: blocked }) !== null) continue;
      const score = this.base.explainFeatures(changed, features, this.extension);
      if (strongOnly && !score.strong) continue;
      ranked.push({ mentorId: id, score: score.score });
    }
    return ranked.sort((a, b) => b.score - a.score || compareIds(a.mentorId, b.mentorId)).slice(0, k);
  }

  /** Score and evidence of one pair of current profiles, ignoring the hard filters. */
  scoreById(mentorId: string, menteeId: string): PairScore {
    return this.base.explainFeatures(this.featuresOf(mentorId, "mentor"), this.featuresOf(menteeId, "mentee"), this.extension);
  }

  /** The first failing hard filter of a pair of current profiles, or null. */
  filterReason(mentorId: string, menteeId: string, options: QueryOptions = {}): FilterReason | null {
    return filterReason(this.inputOf(this.mentors, mentorId, "mentor"), this.inputOf(this.mentees, menteeId, "mentee"), options);
  }

  private build(): MatchingIndex {
    this.epoch++;
    this.sinceSnapshot = null;
    this.swapIn(buildIndex({ mentors: [...this.mentors.values()], mentees: [...this.mentees.values()], weights: this.weights }));
    return this.base;
  }

  /** A base built from the current profiles (nothing changed since) replaces the current one. */
  private swapIn(base: MatchingIndex): void {
    this.base = base;
    this.changedMentors.clear();
    this.changedMentees.clear();
    this.extension = new Extension();
    this.builds++;
  }

  private inputOf<T>(map: ReadonlyMap<string, T>, id: string, role: Role): T {
    const input = map.get(id);
    if (input === undefined) throw new RangeError(`unknown ${role} id: ${id}`);
    return input;
  }

  private featuresOf(id: string, role: Role): Features {
    const overlay = role === "mentor" ? this.changedMentors : this.changedMentees;
    const changed = overlay.get(id);
    const features = changed === undefined ? this.base.indexedFeatures(id, role) : changed;
    if (features === undefined || features === null) throw new RangeError(`unknown ${role} id: ${id}`);
    return features;
  }

  private rank(queryId: string, role: Role, k: number, options: QueryOptions, useIndex: boolean): PairScore[] {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
    const queryIsMentee = role === "mentee";
    const query = queryIsMentee ? this.inputOf(this.mentees, queryId, "mentee") : this.inputOf(this.mentors, queryId, "mentor");
    const queryFeatures = this.featuresOf(queryId, role);
    const blocked = options.isBlocked;
    const strongOnly = options.includeWeak !== true;
    const candidates: PairScore[] = [];
    const consider = (otherId: string, features: Features): void => {
      const [mentor, mentee] = queryIsMentee
        ? [this.inputOf(this.mentors, otherId, "mentor"), query as MenteeInput]
        : [query as MentorInput, this.inputOf(this.mentees, otherId, "mentee")];
      if (filterReason(mentor, mentee, { isBlocked: blocked }) !== null) return;
      const score = queryIsMentee
        ? this.base.explainFeatures(features, queryFeatures, this.extension)
        : this.base.explainFeatures(queryFeatures, features, this.extension);
      if (strongOnly && !score.strong) return;
      candidates.push(score);
    };
    const overlay = queryIsMentee ? this.changedMentors : this.changedMentees;
    if (useIndex) {
      // Unchanged rows through the base's search, changed ones excluded from it...
      const exclude: IsBlocked = queryIsMentee
        ? (mentorId, menteeId) => overlay.has(mentorId) || blocked?.(mentorId, menteeId) === true
        : (mentorId, menteeId) => overlay.has(menteeId) || blocked?.(mentorId, menteeId) === true;
      // ...asked with the query's current profile when it changed (its base row is stale).
      const changedQuery = (queryIsMentee ? this.changedMentees : this.changedMentors).has(queryId);
      const baseOptions: QueryOptions = { ...options, isBlocked: exclude };
      candidates.push(
        ...(queryIsMentee
          ? this.base.topMentors(changedQuery ? (query as MenteeInput) : queryId, k, baseOptions)
          : this.base.topMentees(changedQuery ? (query as MentorInput) : queryId, k, baseOptions)),
      );
      // ...and every changed profile of the other side scored directly.
      for (const [id, features] of overlay) if (features !== null) consider(id, features);
    } else {
      for (const id of queryIsMentee ? this.mentors.keys() : this.mentees.keys()) consider(id, this.featuresOf(id, queryIsMentee ? "mentor" : "mentee"));
    }
    const key = queryIsMentee ? "mentorId" : "menteeId";
    return candidates.sort((a, b) => b.score - a.score || compareIds(a[key], b[key])).slice(0, k);
  }
}
