/**
 * Ranking through inverted indexes, exact: the same top k as a full scan, faster.
 *
 * A candidate's score is (partial(industry, stage, topics) + wText * text) / sumOfWeights. The
 * partial part is cheap (a few array reads); text is a sparse dot product; touching every profile
 * is what we want to avoid. Rows of a table are grouped into cells of equal (industry, stage)
 * (contiguous row ranges, see ProfileTable), so for a query every cell has a known base value
 * wIndustry * industry + wStage * stage, and each topic's posting list splits into per-cell
 * ranges (two binary searches). A row of cell c scores at most
 *   base(c) + min(wTopics, worth of the query topics it has) + wText * textBound
 * where the worth of topic t is wTopics * idf(t) / idfSum(mentee) for a mentee query (the whole
 * wTopics for a mentor query, where the denominator is the candidate's own), and
 * textBound = min(1, sum over query terms of weight * largest weight of that term in the table),
 * which bounds any cosine.
 * The search visits cells by decreasing potential (base + worth of the query topics present in
 * the cell) and stops when a cell's bound is below the current k-th score. Inside a cell it reads
 * the topic ranges most valuable first (rare topics first) and stops when base plus the worth of
 * the ranges not read yet can no longer reach the k-th score; then, if base alone can
 * (+ wText * textBound), it scans the rest of the cell (rows sharing no topic with the query:
 * the fallback for same-industry rows, queries without known topics, or few candidates). A row's
 * exact partial is computed first and its text only if partial + wText * textBound can still beat
 * the k-th score. Ties are broken by id, so a bound equal to the k-th score does not stop the
 * search; bounds get a 1e-9 slack against float rounding.
 * Cells whose stage the query can never be matched with (mentor behind, "senior-plus",
 * "early-only") are skipped entirely, and unavailable or full mentors are in no cell.
 *
 * Cost per query: O(cells * topics * log(list length)) to split the lists, plus the rows read
 * times O(topics + terms per profile). The long lists of popular topics are read only within the
 * few cells whose industry and stage make them competitive. Worst case: a full scan.
 */
import { buildTables, buildTablesSteps, Extension } from "./features.js";
import type { CommunityModel, Features, ProfileTable, Role, Tables } from "./features.js";
import {
  ACCEPTS_CODES,
  ADVISES_CODES,
  filterReason as filterPair,
  FILTER_OK,
  MENTOR_OPEN,
  MENTOR_UNAVAILABLE,
  pairFilterCode,
  stagesAllowed,
} from "./filters.js";
import { STAGES } from "./stage.js";
import { explainPair, ScoreCombiner, stageValue, TEXT_EVIDENCE_MIN_TERMS, TOPIC_EVIDENCE_CREDIT, topicValue } from "./score.js";
import { clampUnit } from "./text.js";
import { TopK } from "./top-k.js";
import type { FilterReason, IsBlocked, MenteeInput, MentorInput, PairScore, QueryOptions, Stage, Weights } from "./types.js";

export interface BuildIndexOptions {
  mentors: readonly MentorInput[];
  mentees: readonly MenteeInput[];
  /** Missing weights take DEFAULT_WEIGHTS. */
  weights?: Partial<Weights>;
}

/** One ranked row of the other side. */
export interface RankedRow {
  row: number;
  score: number;
}

/** Slack on the text bound: float sums in another order may exceed the exact bound by an ulp. */
const BOUND_SLACK = 1e-9;

/** Everything about one query that evaluating a candidate row needs, as dense lookups. */
interface Query {
  features: Features;
  queryIsMentee: boolean;
  table: ProfileTable;
  /** Row of the same person in `table` (a member can be both mentor and mentee), or -1. */
  selfRow: number;
  textBound: number;
  /** Only pairs with minimum evidence are kept. */
  strongOnly: boolean;
  /** Mentee queries: whether some query topic has family members in the table (slot path). */
  family: boolean;
  /** Mentee queries: IDF of each query topic, by slot (ascending topic id). */
  slotIdf: number[];
  /** Whether some informative query word occurs in the table (text evidence is possible). */
  informativeText: boolean;
  /** Load factor applied to every score: the query mentor's (mentor queries), else 1. */
  queryFactor: number;
  extension?: Extension;
}

interface Scratch {
  /** Per row of the table: the epoch in which the row was last evaluated. */
  seen: Int32Array;
  epoch: number;
}

export class MatchingIndex {
  readonly weights: Weights;
  private readonly model: CommunityModel;
  private readonly mentors: ProfileTable;
  private readonly mentees: ProfileTable;
  private readonly combiner: ScoreCombiner;
  // Dense per-query lookups over the vocabularies, reset after each query.
  private readonly topicIdf: Float64Array;
  private readonly termWeight: Float32Array;
  private readonly industryValue: Float64Array;
  /** Per topic: 1 when a row having it has topic evidence for the current query. */
  private readonly topicEvidence: Uint8Array;
  /** Mentor queries: credit the query mentor gives each (mentee) topic. */
  private readonly topicCredit: Float64Array;
  /** Mentee queries: slot of each query topic, and family links topic → (slot, credit) as linked lists. */
  private readonly slotOf: Int32Array;
  private readonly linkHead: Int32Array;
  private readonly linkSlot: number[] = [];
  private readonly linkCredit: number[] = [];
  private readonly linkNext: number[] = [];
  private readonly linkedTopics: number[] = [];
  private slotCredit = new Float64Array(16);
  private lastTopicEvidence = false;
  private lastTextEvidence = false;
  private readonly scratch = new Map<ProfileTable, Scratch>();
  private busy = false;

  /** `tables`: already built from `options`' profiles (buildIndexSteps); else built here. */
  constructor(options: BuildIndexOptions, tables?: Tables) {
    this.combiner = new ScoreCombiner(options.weights);
    this.weights = this.combiner.weights;
    const { model, mentors, mentees } = tables ?? buildTables(options.mentors, options.mentees);
    this.model = model;
    this.mentors = mentors;
    this.mentees = mentees;
    this.topicIdf = new Float64Array(model.topics.size);
    this.termWeight = new Float32Array(model.terms.size);
    this.industryValue = new Float64Array(model.industries.size);
    this.topicEvidence = new Uint8Array(model.topics.size);
    this.topicCredit = new Float64Array(model.topics.size);
    this.slotOf = new Int32Array(model.topics.size).fill(-1);
    this.linkHead = new Int32Array(model.topics.size).fill(-1);
  }

  get mentorCount(): number {
    return this.mentors.count;
  }

  get menteeCount(): number {
    return this.mentees.count;
  }

  /** Best mentors for a mentee (an indexed id, or a profile digested on the fly), best first. */
  topMentors(mentee: string | MenteeInput, k: number, options: QueryOptions = {}): PairScore[] {
    return this.rankAndExplain(mentee, "mentee", k, options, true);
  }

  /** "Who could I help?": best mentees for a mentor, best first. */
  topMentees(mentor: string | MentorInput, k: number, options: QueryOptions = {}): PairScore[] {
    return this.rankAndExplain(mentor, "mentor", k, options, true);
  }

  /** Same result as topMentors, by scoring every mentor (reference for tests and benchmarks). */
  scanTopMentors(mentee: string | MenteeInput, k: number, options: QueryOptions = {}): PairScore[] {
    return this.rankAndExplain(mentee, "mentee", k, options, false);
  }

  /** Same result as topMentees, by scoring every mentee. */
  scanTopMentees(mentor: string | MentorInput, k: number, options: QueryOptions = {}): PairScore[] {
    return this.rankAndExplain(mentor, "mentor", k, options, false);
  }

  /** Score and evidence of one pair, ignoring the hard filters (see filterReason). */
  scorePair(mentor: string | MentorInput, mentee: string | MenteeInput): PairScore {
    const extension = new Extension();
    return explainPair(
      this.model,
      this.combiner,
      this.featuresOf(mentor, "mentor", extension),
      this.featuresOf(mentee, "mentee", extension),
      extension,
    );
  }

  /** scorePair for two indexed ids. */
  scoreById(mentorId: string, menteeId: string): PairScore {
    return this.scorePair(mentorId, menteeId);
  }

  /** Why the pair is never suggested (null if it may be): the first failing hard filter. */
  filterReason(mentor: string | MentorInput, mentee: string | MenteeInput, options: QueryOptions = {}): FilterReason | null {
    return filterPair(this.inputOf(mentor, "mentor") as MentorInput, this.inputOf(mentee, "mentee") as MenteeInput, options);
  }

  /**
   * Rows of the best k mentors of indexed mentee row `menteeRow`, without explanations: the
   * candidate lists of a matching round.
   */
  rankMentorRows(menteeRow: number, k: number, isBlocked?: IsBlocked, strongOnly = false): RankedRow[] {
    const features = this.model.rowFeatures(this.mentees, menteeRow);
    return this.rank(features, this.mentors, this.mentors.rowOf.get(features.id) ?? -1, k, isBlocked, true, strongOnly);
  }

  /**
   * For LiveIndex: rankMentorRows for a mentee's digested features (its current profile, which
   * may be newer than its row), with the extension they were digested against.
   */
  rankMentorRowsFor(features: Features, k: number, isBlocked: IsBlocked | undefined, strongOnly: boolean, extension: Extension): RankedRow[] {
    return this.rank(features, this.mentors, this.mentors.rowOf.get(features.id) ?? -1, k, isBlocked, true, strongOnly, extension);
  }

  mentorIdOf(row: number): string {
    return this.mentors.ids[row] ?? "";
  }

  mentorRowOf(id: string): number | undefined {
    return this.mentors.rowOf.get(id);
  }

  menteeIdOf(row: number): string {
    return this.mentees.ids[row] ?? "";
  }

  menteeRowOf(id: string): number | undefined {
    return this.mentees.rowOf.get(id);
  }

  /** Free places of a mentor row: capacity - activeCount, at least 0 (0 when unavailable). */
  freePlaces(row: number): number {
    if (this.mentors.open[row] === MENTOR_UNAVAILABLE) return 0;
    return Math.max(0, (this.mentors.capacity[row] ?? 0) - (this.mentors.activeCount[row] ?? 0));
  }

  /** For LiveIndex: a profile digested against this index's vocabularies and IDF (no change to them). */
  digest(profile: MentorInput | MenteeInput, role: Role, extension: Extension): Features {
    return this.model.featuresOf(profile, role, extension);
  }

  /** For LiveIndex: the features of an indexed id (views into the table), or undefined. */
  indexedFeatures(id: string, role: Role): Features | undefined {
    const table = role === "mentor" ? this.mentors : this.mentees;
    const row = table.rowOf.get(id);
    return row === undefined ? undefined : this.model.rowFeatures(table, row);
  }

  /** For LiveIndex: score and explanation of two digested profiles, as a ranking computes them. */
  explainFeatures(mentor: Features, mentee: Features, extension: Extension): PairScore {
    return explainPair(this.model, this.combiner, mentor, mentee, extension);
  }

  private rankAndExplain(
    query: string | MentorInput | MenteeInput,
    role: Role,
    k: number,
    options: QueryOptions,
    useIndex: boolean,
  ): PairScore[] {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
    const extension = new Extension();
    const features = this.featuresOf(query, role, extension);
    const table = role === "mentee" ? this.mentors : this.mentees;
    const selfRow = table.rowOf.get(features.id) ?? -1;
    const ranked = this.rank(features, table, selfRow, k, options.isBlocked, useIndex, options.includeWeak !== true, extension);
    return ranked.map(({ row, score }) => {
      const other = this.model.rowFeatures(table, row);
      const explained =
        role === "mentee"
          ? explainPair(this.model, this.combiner, other, features, extension)
          : explainPair(this.model, this.combiner, features, other, extension);
      // The ranking score and the explanation are computed the same way; keep the ranked one
      // so that the order shown is exactly the order used.
      return { ...explained, score };
    });
  }

  private rank(
    features: Features,
    table: ProfileTable,
    selfRow: number,
    k: number,
    isBlocked: IsBlocked | undefined,
    useIndex: boolean,
    strongOnly: boolean,
    extension?: Extension,
  ): RankedRow[] {
    if (k === 0 || table.count === 0) return [];
    // A mentor who is unavailable or full passes no pair.
    if (features.role === "mentor" && features.open !== MENTOR_OPEN) return [];
    // An isBlocked callback could re-enter the index; the dense lookups are shared, so refuse.
    if (this.busy) throw new Error("MatchingIndex queries cannot be nested (called from isBlocked?)");
    this.busy = true;
    const query: Query = {
      features,
      queryIsMentee: features.role === "mentee",
      table,
      selfRow,
      textBound: 0,
      strongOnly,
      family: false,
      slotIdf: [],
      informativeText: false,
      queryFactor: features.role === "mentor" ? features.loadFactor : 1,
      extension,
    };
    this.loadQuery(query);
    try {
      const top = new TopK(k, table.ids);
      if (useIndex) this.searchIndexed(query, top, isBlocked);
      else this.scanAll(query, top, isBlocked);
      return top.sorted();
    } finally {
      this.unloadQuery(query);
      this.busy = false;
    }
  }

  /** Fill the dense lookups for this query and compute its text bound. */
  private loadQuery(query: Query): void {
    const q = query.features;
    if (query.queryIsMentee) {
      // Rows are mentors. Exact matches through topicIdf; family credit through per-slot links.
      for (let slot = 0; slot < q.topicIds.length; slot++) {
        const t = q.topicIds[slot] ?? 0;
        query.slotIdf.push(this.model.topicIdfOf(t));
        if (t < this.topicIdf.length) {
          this.topicIdf[t] = this.model.topicIdfOf(t);
          this.topicEvidence[t] = 1;
          this.slotOf[t] = slot;
        }
        for (const [u, credit] of this.model.topicNeighbourIds(t, query.extension)) {
          this.linkSlot.push(slot);
          this.linkCredit.push(credit);
          this.linkNext.push(this.linkHead[u] ?? -1);
          if (this.linkHead[u] === -1) this.linkedTopics.push(u);
          this.linkHead[u] = this.linkSlot.length - 1;
          query.family = true;
        }
      }
      if (this.slotCredit.length < q.topicIds.length) this.slotCredit = new Float64Array(q.topicIds.length * 2);
    } else {
      // Rows are mentees: each of their topics earns the best credit the query mentor gives it.
      for (const u of q.topicIds) {
        const pairs: (readonly [number, number])[] = [...this.model.topicNeighbourIds(u, query.extension)];
        if (u < this.topicIdf.length) pairs.push([u, 1]);
        for (const [t, credit] of pairs) {
          if (credit > (this.topicCredit[t] ?? 0)) {
            if (this.topicCredit[t] === 0) this.linkedTopics.push(t);
            this.topicCredit[t] = credit;
          }
        }
      }
      for (const t of this.linkedTopics) {
        const credit = this.topicCredit[t] ?? 0;
        this.topicIdf[t] = this.model.topicIdfOf(t) * credit;
        this.topicEvidence[t] = credit >= TOPIC_EVIDENCE_CREDIT ? 1 : 0;
      }
    }
    let textBound = 0;
    for (let i = 0; i < q.termIds.length; i++) {
      const term = q.termIds[i] ?? 0;
      if (term >= this.termWeight.length) continue;
      const w = q.termWeights[i] ?? 0;
      this.termWeight[term] = w;
      const max = query.table.maxTermWeight[term] ?? 0;
      textBound += w * max;
      if (w > 0 && max > 0 && this.model.termInformative(term)) query.informativeText = true;
    }
    query.textBound = Math.min(1, textBound * (1 + BOUND_SLACK) + BOUND_SLACK);
    for (const [industry, value] of this.model.industriesRelatedTo(q.industry)) {
      if (industry < this.industryValue.length) this.industryValue[industry] = value;
    }
  }

  private unloadQuery(query: Query): void {
    const q = query.features;
    for (const t of q.topicIds) {
      if (t < this.topicIdf.length) {
        this.topicIdf[t] = 0;
        this.topicEvidence[t] = 0;
        this.slotOf[t] = -1;
      }
    }
    for (const t of this.linkedTopics) {
      this.topicIdf[t] = 0;
      this.topicEvidence[t] = 0;
      this.topicCredit[t] = 0;
      this.linkHead[t] = -1;
    }
    this.linkedTopics.length = 0;
    this.linkSlot.length = 0;
    this.linkCredit.length = 0;
    this.linkNext.length = 0;
    for (const term of q.termIds) if (term < this.termWeight.length) this.termWeight[term] = 0;
    for (const [industry] of this.model.industriesRelatedTo(q.industry)) {
      if (industry < this.industryValue.length) this.industryValue[industry] = 0;
    }
  }

  /**
   * Exact partial score of a row, or -1 when a hard filter (other than the block list) fails.
   * Sets lastTopicEvidence.
   */
  private partialOf(query: Query, row: number): number {
    const q = query.features;
    const t = query.table;
    this.lastTopicEvidence = false;
    if (row === query.selfRow) return -1;
    const rowStage = t.stage[row] ?? 0;
    const rowIndustry = t.industry[row] ?? -1;
    let stage: number;
    let topicDenominator: number;
    if (query.queryIsMentee) {
      const code = pairFilterCode(t.open[row] ?? 0, rowStage, rowIndustry, t.preference[row] ?? 0, q.stage, q.industry, q.preference);
      if (code !== FILTER_OK) return -1;
      stage = stageValue(rowStage, q.stage);
      topicDenominator = q.topicIdfSum;
    } else {
      const code = pairFilterCode(q.open, q.stage, q.industry, q.preference, rowStage, rowIndustry, t.preference[row] ?? 0);
      if (code !== FILTER_OK) return -1;
      stage = stageValue(q.stage, rowStage);
      topicDenominator = t.topicIdfSum[row] ?? 0;
    }
    const industry = rowIndustry >= 0 ? (this.industryValue[rowIndustry] ?? 0) : 0;
    const topicEnd = t.topicStart[row + 1] ?? 0;
    let shared = 0;
    if (query.family) {
      // Best credit per query topic from the row's topics, then summed in ascending topic id
      // (slot order), as explainPair does.
      const credits = this.slotCredit;
      const slots = query.slotIdf.length;
      for (let e = t.topicStart[row] ?? 0; e < topicEnd; e++) {
        const u = t.topicIds[e] ?? 0;
        const own = this.slotOf[u] ?? -1;
        if (own >= 0) credits[own] = 1;
        for (let link = this.linkHead[u] ?? -1; link >= 0; link = this.linkNext[link] ?? -1) {
          const slot = this.linkSlot[link] ?? 0;
          const credit = this.linkCredit[link] ?? 0;
          if (credit > (credits[slot] ?? 0)) credits[slot] = credit;
        }
      }
      for (let slot = 0; slot < slots; slot++) {
        const credit = credits[slot] ?? 0;
        if (credit === 0) continue;
        shared += (query.slotIdf[slot] ?? 0) * credit;
        if (credit >= TOPIC_EVIDENCE_CREDIT) this.lastTopicEvidence = true;
        credits[slot] = 0;
      }
    } else {
      // Shared IDF summed in ascending topic id, as explainPair does (zeros for unshared are exact).
      for (let e = t.topicStart[row] ?? 0; e < topicEnd; e++) {
        const u = t.topicIds[e] ?? 0;
        shared += this.topicIdf[u] ?? 0;
        if (this.topicEvidence[u] === 1) this.lastTopicEvidence = true;
      }
    }
    if (this.weights.topics === 0) this.lastTopicEvidence = false;
    return this.combiner.partial(industry, stage, topicValue(shared, topicDenominator));
  }

  /** Cosine of the query's text with a row's text, summed in ascending term id. Sets lastTextEvidence. */
  private textOf(query: Query, row: number): number {
    this.lastTextEvidence = false;
    if (this.weights.text === 0) return 0;
    const t = query.table;
    let dot = 0;
    let informative = 0;
    const end = t.termStart[row + 1] ?? 0;
    for (let e = t.termStart[row] ?? 0; e < end; e++) {
      const term = t.termIds[e] ?? 0;
      const product = (this.termWeight[term] ?? 0) * (t.termWeights[e] ?? 0);
      dot += product;
      if (product > 0 && this.model.termInformative(term)) informative++;
    }
    this.lastTextEvidence = informative >= TEXT_EVIDENCE_MIN_TERMS;
    return clampUnit(dot);
  }

  /** Whether the pair just evaluated (partialOf then textOf) has minimum evidence. */
  private strongRow(query: Query, row: number): boolean {
    if (this.lastTopicEvidence || this.lastTextEvidence) return true;
    if (this.weights.industry === 0) return false;
    const t = query.table;
    const rowIndustry = t.industry[row] ?? -1;
    const q = query.features;
    if (rowIndustry < 0 || rowIndustry !== q.industry) return false;
    return query.queryIsMentee ? q.isTarget : t.isTarget[row] === 1;
  }

  private factorOf(query: Query, row: number): number {
    return query.queryIsMentee ? (query.table.loadFactor[row] ?? 1) : query.queryFactor;
  }

  /** Evaluate one row and offer it to the top k; `partial` must come from partialOf. */
  private offer(query: Query, row: number, partial: number, top: TopK, isBlocked: IsBlocked | undefined): void {
    if (partial < 0) return;
    const factor = this.factorOf(query, row);
    if (top.full && this.combiner.bound(partial, query.textBound) * factor < top.threshold) return;
    const score = this.combiner.total(partial, this.textOf(query, row)) * factor;
    if (!top.admits(score, row)) return;
    if (query.strongOnly && !this.strongRow(query, row)) return;
    if (isBlocked !== undefined && this.isBlockedRow(query, row, isBlocked)) return;
    top.push(score, row);
  }

  private isBlockedRow(query: Query, row: number, isBlocked: IsBlocked): boolean {
    const other = query.table.ids[row] ?? "";
    return query.queryIsMentee ? isBlocked(other, query.features.id) : isBlocked(query.features.id, other);
  }

  private scanAll(query: Query, top: TopK, isBlocked: IsBlocked | undefined): void {
    for (let row = 0; row < query.table.count; row++) {
      const partial = this.partialOf(query, row);
      if (partial < 0) continue;
      // No pruning: every feasible row gets its full score.
      const score = this.combiner.total(partial, this.textOf(query, row)) * this.factorOf(query, row);
      if (!top.admits(score, row)) continue;
      if (query.strongOnly && !this.strongRow(query, row)) continue;
      if (isBlocked !== undefined && this.isBlockedRow(query, row, isBlocked)) continue;
      top.push(score, row);
    }
  }

  private searchIndexed(query: Query, top: TopK, isBlocked: IsBlocked | undefined): void {
    const table = query.table;
    const scratch = this.scratchFor(table);
    const epoch = ++scratch.epoch;
    const seen = scratch.seen;
    const w = this.weights;
    const q = query.features;
    const textBound = query.textBound;
    const beaten = (partialBound: number): boolean =>
      top.full && this.combiner.bound(partialBound + BOUND_SLACK, textBound) * query.queryFactor < top.threshold;

    // One probe per query topic: the posting lists of the topic and of its family members (rows
    // earning credit for it), most valuable first (shorter lists first among equals).
    // A probe's share: idf(t) / idfSum(mentee) for a mentee query (1 for a mentor query, whose
    // denominator is each row's own). Rows having only the probes P score at most
    // wTopics * topicValue(sum of P's shares) (credits <= 1, topicValue increasing), a much
    // tighter bound than summing per-probe values of the square root.
    const probes: { share: number; lists: { start: number; end: number }[]; size: number }[] = [];
    if (w.topics > 0) {
      for (let slot = 0; slot < q.topicIds.length; slot++) {
        const topic = q.topicIds[slot] ?? 0;
        const lists: { start: number; end: number }[] = [];
        const add = (id: number): void => {
          if (id >= this.topicIdf.length) return;
          const start = table.topicRowStart[id] ?? 0;
          const end = table.topicRowStart[id + 1] ?? 0;
          if (end > start) lists.push({ start, end });
        };
        add(topic);
        for (const [u] of this.model.topicNeighbourIds(topic, query.extension)) add(u);
        if (lists.length === 0) continue;
        const share = query.queryIsMentee ? (q.topicIdfSum > 0 ? (query.slotIdf[slot] ?? 0) / q.topicIdfSum : 0) : 1;
        probes.push({ share, lists, size: lists.reduce((n, l) => n + l.end - l.start, 0) });
      }
      probes.sort((a, b) => b.share - a.share || a.size - b.size);
    }
    const topicBound = (share: number): number => (share > 0 ? w.topics * Math.min(1, Math.sqrt(share * (1 + BOUND_SLACK))) : 0);

    let allShares = 0;
    for (const probe of probes) allShares += probe.share;
    const allTopicsWorth = topicBound(allShares);

    // Cells the query may be matched with, by decreasing base value.
    const cellCount = table.cellIndustry.length;
    const base = new Float64Array(cellCount);
    const cells: number[] = [];
    for (let c = 0; c < cellCount; c++) {
      const cellStage = table.cellStage[c] ?? 0;
      const allowed = query.queryIsMentee
        ? stagesAllowed(cellStage, q.stage, 0, q.preference)
        : stagesAllowed(q.stage, cellStage, q.preference, 0);
      if (!allowed) continue;
      const stage = query.queryIsMentee ? stageValue(cellStage, q.stage) : stageValue(q.stage, cellStage);
      base[c] = this.combiner.partial(this.industryValue[table.cellIndustry[c] ?? -1] ?? 0, stage, 0);
      cells.push(c);
    }
    cells.sort((a, b) => (base[b] ?? 0) - (base[a] ?? 0) || a - b);

    const listCount = probes.reduce((n, p) => n + p.lists.length, 0);
    const lo = new Int32Array(listCount);
    const hi = new Int32Array(listCount);
    for (const c of cells) {
      const cellBase = base[c] ?? 0;
      if (beaten(cellBase + allTopicsWorth)) return; // no later cell can do better
      // Where each list enters and leaves this cell (lists are sorted by row).
      const from = table.cellStart[c] ?? 0;
      const to = table.cellStart[c + 1] ?? 0;
      let shareLeft = 0;
      let li = 0;
      for (const probe of probes) {
        let present = false;
        for (const list of probe.lists) {
          lo[li] = lowerBound(table.topicRows, list.start, list.end, from);
          hi[li] = lowerBound(table.topicRows, lo[li] ?? 0, list.end, to);
          if ((hi[li] ?? 0) > (lo[li] ?? 0)) present = true;
          li++;
        }
        if (present) shareLeft += probe.share;
      }
      li = 0;
      for (const probe of probes) {
        // Unread rows of this cell only have credit for the probes from here on.
        if (beaten(cellBase + topicBound(shareLeft))) break;
        let present = false;
        for (let l = 0; l < probe.lists.length; l++, li++) {
          const start = lo[li] ?? 0;
          const end = hi[li] ?? 0;
          if (end > start) present = true;
          for (let e = start; e < end; e++) {
            const row = table.topicRows[e] ?? 0;
            if (seen[row] === epoch) continue;
            seen[row] = epoch;
            this.offer(query, row, this.partialOf(query, row), top, isBlocked);
          }
        }
        if (present) shareLeft -= probe.share;
      }
      // Rows with no credit for any (remaining) query topic.
      if (beaten(cellBase)) continue;
      if (query.strongOnly && !this.cellCanBeStrongWithoutTopics(query, c)) continue;
      for (let row = from; row < to; row++) {
        if (seen[row] !== epoch) this.offer(query, row, this.partialOf(query, row), top, isBlocked);
      }
    }
  }

  /**
   * Whether a row of cell c that shares no topic with the query can still have minimum evidence:
   * through informative words both texts use, or as a career changer's target industry.
   */
  private cellCanBeStrongWithoutTopics(query: Query, c: number): boolean {
    if (this.weights.text > 0 && query.informativeText) return true;
    if (this.weights.industry === 0) return false;
    const q = query.features;
    const cellIndustry = query.table.cellIndustry[c] ?? -1;
    if (cellIndustry < 0 || cellIndustry !== q.industry) return false;
    return query.queryIsMentee ? q.isTarget : true;
  }

  private scratchFor(table: ProfileTable): Scratch {
    let scratch = this.scratch.get(table);
    if (scratch === undefined || scratch.epoch >= 0x7ffffff0) {
      scratch = { seen: new Int32Array(table.count), epoch: 0 };
      this.scratch.set(table, scratch);
    }
    return scratch;
  }

  private featuresOf(profile: string | MentorInput | MenteeInput, role: Role, extension: Extension): Features {
    const table = role === "mentor" ? this.mentors : this.mentees;
    if (typeof profile === "string") return this.model.rowFeatures(table, this.rowOf(table, profile));
    return this.model.featuresOf(profile, role, extension);
  }

  /** The filter-relevant fields of a profile, rebuilt from the table for an indexed id. */
  private inputOf(profile: string | MentorInput | MenteeInput, role: Role): MentorInput | MenteeInput {
    if (typeof profile !== "string") return profile;
    const table = role === "mentor" ? this.mentors : this.mentees;
    const row = this.rowOf(table, profile);
    const industry = this.model.industryKey(table.industry[row] ?? -1);
    const base = { id: profile, name: table.names[row] ?? "", industry, stage: STAGES[table.stage[row] ?? 0] as Stage, topics: [], about: "" };
    const preference = table.preference[row] ?? 0;
    if (role === "mentor") {
      return {
        ...base,
        capacity: table.capacity[row] ?? 0,
        activeCount: table.activeCount[row] ?? 0,
        available: table.open[row] !== MENTOR_UNAVAILABLE,
        advises: ADVISES_CODES[preference] ?? "anyone",
      };
    }
    const isTarget = table.isTarget[row] === 1;
    return { ...base, changingCareer: isTarget, targetIndustry: isTarget ? industry : null, acceptsFrom: ACCEPTS_CODES[preference] ?? "anyone" };
  }

  private rowOf(table: ProfileTable, id: string): number {
    const row = table.rowOf.get(id);
    if (row === undefined) throw new RangeError(`unknown ${table.role} id: ${id}`);
    return row;
  }
}

/** First position in rows[from..to) whose value is >= target (rows ascending). */
function lowerBound(rows: Int32Array, from: number, to: number, target: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Precompute a community once; see MatchingIndex. */
export function buildIndex(options: BuildIndexOptions): MatchingIndex {
  return new MatchingIndex(options);
}

/** buildIndex one step at a time (see buildTablesSteps); the profiles must not change meanwhile. */
export function* buildIndexSteps(options: BuildIndexOptions): Generator<void, MatchingIndex, void> {
  const tables = yield* buildTablesSteps(options.mentors, options.mentees);
  return new MatchingIndex(options, tables);
}
