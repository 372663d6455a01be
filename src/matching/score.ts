import type { CommunityModel, Extension, Features } from "./features.js";
import { industryCriterion, industryRelation } from "./industry.js";
import { topicCredit } from "./topics.js";
import { stageCriterion, STAGES, stageGapValue } from "./stage.js";
import { clampUnit, sparseCosine } from "./text.js";
import type { CriterionName, CriterionResult, PairEvidence, PairScore, Stage, Weights } from "./types.js";

/*
 * Default weights — why these numbers (README paragraph):
 * Topics carry the most weight (0.35) because they are the mentee's own, explicit statement of
 * what they need help with and the mentor's of what they can give; rare shared topics are
 * weighted up by IDF, so a match on "parental leave" counts for more than one on "interviewing".
 * Industry (0.25) and career stage (0.25) come next and weigh the same: most careers questions are
 * industry-specific (norms, employers, interview styles), and a mentor one or two steps ahead has
 * recently solved the mentee's current problems; both are coarse categories, so neither should
 * dominate on its own. Free text gets the smallest share (0.15): it is noisy, often short or empty,
 * and its TF-IDF cosine picks up surface wording, so it mainly breaks ties between mentors that the
 * structured criteria rate alike. Servers can change all four; a weight of 0 removes a criterion.
 */
export const DEFAULT_WEIGHTS: Readonly<Weights> = Object.freeze({
  industry: 0.25,
  stage: 0.25,
  topics: 0.35,
  text: 0.15,
});

export const CRITERIA: readonly CriterionName[] = ["industry", "stage", "topics", "text"];

/** Full weights from a partial override; negative or non-finite weights are a caller bug. */
export function resolveWeights(weights: Partial<Weights> = {}): Weights {
  const resolved = { ...DEFAULT_WEIGHTS, ...weights };
  for (const name of CRITERIA) {
    const w = resolved[name];
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`weight ${name} must be a finite number >= 0, got ${w}`);
  }
  return resolved;
}

/**
 * The weighted mean, split so that the index can bound a score before computing its text part:
 * total = (partial(industry, stage, topics) + wText * text) * invTotal. Every path computes the
 * score through these two functions, in this order, so index, scan and explanation agree to the
 * last bit. All-zero weights give every pair 0 instead of dividing by zero.
 */
export class ScoreCombiner {
  readonly weights: Weights;
  readonly invTotal: number;

  constructor(weights: Partial<Weights> = {}) {
    this.weights = resolveWeights(weights);
    const sum = CRITERIA.reduce((s, name) => s + this.weights[name], 0);
    this.invTotal = sum > 0 ? 1 / sum : 0;
  }

  partial(industry: number, stage: number, topics: number): number {
    const w = this.weights;
    return w.industry * industry + w.stage * stage + w.topics * topics;
  }

  total(partial: number, text: number): number {
    return (partial + this.weights.text * text) * this.invTotal;
  }

  /** Upper bound of total() for any text value <= maxText (and any load factor <= 1). */
  bound(partial: number, maxText: number): number {
    return (partial + this.weights.text * maxText) * this.invTotal;
  }
}

/** Stage value from stored stage indices (mentor minus mentee). */
export function stageValue(mentorStage: number, menteeStage: number): number {
  return stageGapValue(mentorStage - menteeStage);
}

/**
 * Topic overlap: sqrt(shared / all), where shared = IDF of the mentee's topics weighted by the
 * credit the mentor earns for each (1 for the topic itself, a family's credit for a related one)
 * and all = IDF of all the mentee's topics (0 if none). The square root makes the first specific
 * match count most: one of three equally rare topics is worth 0.58 of the criterion, not 0.33,
 * so a shared skill outweighs coarse stage differences; more shared topics still score higher.
 * Subadditive, which the index's per-topic bounds rely on.
 */
export function topicValue(sharedIdf: number, menteeIdfSum: number): number {
  if (!(menteeIdfSum > 0) || !(sharedIdf > 0)) return 0;
  const share = sharedIdf / menteeIdfSum;
  return share >= 1 ? 1 : Math.sqrt(share);
}

/** A mentee topic met with at least this credit (the topic itself or a close family member) is evidence. */
export const TOPIC_EVIDENCE_CREDIT = 0.4;

/** Informative words both about texts must share to count as text evidence ("meaningful overlap"). */
export const TEXT_EVIDENCE_MIN_TERMS = 2;

const MAX_LISTED_TOPICS = 5;
const MAX_LISTED_TERMS = 3;

/**
 * Score of a pair with the evidence for every criterion. Hard filters are not applied here (see
 * filters.ts); a mentor behind the mentee just gets a stage value of 0 and says so.
 */
export function explainPair(
  model: CommunityModel,
  combiner: ScoreCombiner,
  mentor: Features,
  mentee: Features,
  extension?: Extension,
): PairScore {
  const weights = combiner.weights;

  const industry = industryCriterion(
    model.industryKey(mentor.industry, extension),
    model.industryKey(mentee.industry, extension),
    mentee.isTarget,
  );

  const stage = stageCriterion(STAGES[mentor.stage] as Stage, STAGES[mentee.stage] as Stage);

  // Credit of each mentee topic (ascending id, the order every path sums in): the best match
  // among the mentor's topics, by key, so that ad hoc profiles score like indexed ones.
  const mentorKeys = Array.from(mentor.topicIds, (id) => model.topicKeyOf(id, extension));
  const exact: number[] = [];
  const related: string[] = [];
  let sharedIdf = 0;
  let topicEvidence = false;
  for (const t of mentee.topicIds) {
    const key = model.topicKeyOf(t, extension);
    let credit = 0;
    let via = -1;
    for (let j = 0; j < mentorKeys.length; j++) {
      const c = topicCredit(key, mentorKeys[j] ?? "");
      if (c > credit) {
        credit = c;
        via = j;
      }
    }
    if (credit === 0) continue;
    sharedIdf += model.topicIdfOf(t) * credit;
    if (credit >= TOPIC_EVIDENCE_CREDIT) topicEvidence = true;
    if (credit === 1) exact.push(t);
    else related.push(`${model.topicDisplay(mentor.topicIds[via] ?? 0, extension)} (for ${model.topicDisplay(t, extension)})`);
  }
  const topics: CriterionResult = { value: topicValue(sharedIdf, mentee.topicIdfSum), reason: "" };
  if (mentee.topicIds.length === 0) {
    topics.reason = "mentee listed no topics";
  } else if (exact.length === 0 && related.length === 0) {
    topics.reason = "no shared topics";
  } else {
    const parts: string[] = [];
    if (exact.length > 0) {
      // Rarest (most telling) first.
      const names = exact
        .sort((a, b) => model.topicIdfOf(b) - model.topicIdfOf(a) || a - b)
        .map((id) => model.topicDisplay(id, extension));
      const more = names.length > MAX_LISTED_TOPICS ? ` and ${names.length - MAX_LISTED_TOPICS} more` : "";
      parts.push(`shared topics: ${names.slice(0, MAX_LISTED_TOPICS).join(", ")}${more}`);
    }
    if (related.length > 0) parts.push(`related topics: ${related.slice(0, MAX_LISTED_TOPICS).join(", ")}`);
    topics.reason = parts.join("; ");
  }

  // Text is the one costly criterion: not computed at all when it does not count.
  let text: CriterionResult = { value: 0, reason: "" };
  let textEvidence = false;
  if (weights.text > 0) {
    const value = sparseCosine(mentor.termIds, mentor.termWeights, mentee.termIds, mentee.termWeights);
    const shared = value > 0 ? informativeSharedTerms(model, mentor, mentee, extension) : [];
    const terms = shared.slice(0, MAX_LISTED_TERMS);
    textEvidence = shared.length >= TEXT_EVIDENCE_MIN_TERMS;
    text = {
      value,
      reason: terms.length > 0 ? `similar goals: ${terms.join(", ")}` : value > 0 ? "" : "no shared words in the about texts",
    };
  }

  const criteria: Record<CriterionName, CriterionResult> = { industry, stage, topics, text };
  for (const name of CRITERIA) {
    if (weights[name] === 0) criteria[name] = { value: 0, reason: "not used (weight 0)" };
  }
  const score =
    combiner.total(
      combiner.partial(criteria.industry.value, criteria.stage.value, criteria.topics.value),
      clampUnit(criteria.text.value),
    ) * mentor.loadFactor;
  const evidence: PairEvidence = {
    topics: weights.topics > 0 && topicEvidence,
    text: weights.text > 0 && textEvidence,
    targetIndustry:
      weights.industry > 0 &&
      mentee.isTarget &&
      industryRelation(model.industryKey(mentor.industry, extension), model.industryKey(mentee.industry, extension)) === "same",
  };
  return {
    mentorId: mentor.id,
    menteeId: mentee.id,
    score,
    criteria,
    reasons: orderedReasons(criteria, weights),
    evidence,
    strong: evidence.topics || evidence.text || evidence.targetIndustry,
    loadFactor: mentor.loadFactor,
  };
}

/** Reasons that actually contributed, largest weighted contribution first (ties: fixed order). */
export function orderedReasons(criteria: Record<CriterionName, CriterionResult>, weights: Weights): string[] {
  return CRITERIA.filter((name) => weights[name] > 0 && criteria[name].value > 0 && criteria[name].reason !== "")
    .map((name, order) => ({ name, order, contribution: weights[name] * criteria[name].value }))
    .sort((a, b) => b.contribution - a.contribution || a.order - b.order)
    .map(({ name }) => criteria[name].reason);
}

/** Calls visit(id) for every id in both sorted arrays, ascending. */
export function forEachShared(a: Int32Array, b: Int32Array, visit: (id: number) => void): void {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      visit(x);
      i++;
      j++;
    } else if (x < y) {
      i++;
    } else {
      j++;
    }
  }
}

/** Informative shared words (see isInformativeTerm), largest contribution to the cosine first, as people wrote them. */
function informativeSharedTerms(model: CommunityModel, mentor: Features, mentee: Features, extension?: Extension): string[] {
  const contributions: { id: number; value: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < mentor.termIds.length && j < mentee.termIds.length) {
    const a = mentor.termIds[i] ?? 0;
    const b = mentee.termIds[j] ?? 0;
    if (a === b) {
      const value = (mentor.termWeights[i] ?? 0) * (mentee.termWeights[j] ?? 0);
      if (value > 0 && model.termInformative(a, extension)) contributions.push({ id: a, value });
      i++;
      j++;
    } else if (a < b) {
      i++;
    } else {
      j++;
    }
  }
  return contributions.sort((x, y) => y.value - x.value || x.id - y.id).map((c) => model.termDisplay(c.id, extension));
}
