import type { CommunityModel, Extension, Features } from "./features.js";
import { industryCriterion } from "./industry.js";
import { stageCriterion, STAGES, stageGapValue } from "./stage.js";
import { clampUnit, sparseCosine } from "./text.js";
import type { CriterionName, CriterionResult, PairScore, Stage, Weights } from "./types.js";

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

  /** Upper bound of total() for any text value <= maxText. */
  bound(partial: number, maxText: number): number {
    return (partial + this.weights.text * maxText) * this.invTotal;
  }
}

/** Stage value from stored stage indices (mentor minus mentee). */
export function stageValue(mentorStage: number, menteeStage: number): number {
  return stageGapValue(mentorStage - menteeStage);
}

/** Topic overlap: IDF of the shared topics over IDF of all the mentee's topics (0 if none). */
export function topicValue(sharedIdf: number, menteeIdfSum: number): number {
  return menteeIdfSum > 0 ? sharedIdf / menteeIdfSum : 0;
}

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

  const shared: number[] = [];
  let sharedIdf = 0;
  forEachShared(mentee.topicIds, mentor.topicIds, (id) => {
    shared.push(id);
    sharedIdf += model.topicIdfOf(id);
  });
  const topics: CriterionResult = { value: topicValue(sharedIdf, mentee.topicIdfSum), reason: "" };
  if (mentee.topicIds.length === 0) {
    topics.reason = "mentee listed no topics";
  } else if (shared.length === 0) {
    topics.reason = "no shared topics";
  } else {
    // Rarest (most telling) first.
    const names = shared
      .sort((a, b) => model.topicIdfOf(b) - model.topicIdfOf(a) || a - b)
      .map((id) => model.topicDisplay(id, extension));
    const more = names.length > MAX_LISTED_TOPICS ? ` and ${names.length - MAX_LISTED_TOPICS} more` : "";
    topics.reason = `shared topics: ${names.slice(0, MAX_LISTED_TOPICS).join(", ")}${more}`;
  }

  // Text is the one costly criterion: not computed at all when it does not count.
  let text: CriterionResult = { value: 0, reason: "" };
  if (weights.text > 0) {
    const value = sparseCosine(mentor.termIds, mentor.termWeights, mentee.termIds, mentee.termWeights);
    const terms = value > 0 ? topTerms(model, mentor, mentee, extension) : [];
    text = { value, reason: value > 0 ? `similar goals: ${terms.join(", ")}` : "no shared words in the about texts" };
  }

  const criteria: Record<CriterionName, CriterionResult> = { industry, stage, topics, text };
  for (const name of CRITERIA) {
    if (weights[name] === 0) criteria[name] = { value: 0, reason: "not used (weight 0)" };
  }
  const score = combiner.total(
    combiner.partial(criteria.industry.value, criteria.stage.value, criteria.topics.value),
    clampUnit(criteria.text.value),
  );
  return { mentorId: mentor.id, menteeId: mentee.id, score, criteria, reasons: orderedReasons(criteria, weights) };
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

/** Shared words with the largest contribution to the cosine, as the people wrote them. */
function topTerms(model: CommunityModel, mentor: Features, mentee: Features, extension?: Extension): string[] {
  const contributions: { id: number; value: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < mentor.termIds.length && j < mentee.termIds.length) {
    const a = mentor.termIds[i] ?? 0;
    const b = mentee.termIds[j] ?? 0;
    if (a === b) {
      contributions.push({ id: a, value: (mentor.termWeights[i] ?? 0) * (mentee.termWeights[j] ?? 0) });
      i++;
      j++;
    } else if (a < b) {
      i++;
    } else {
      j++;
    }
  }
  return contributions
    .sort((x, y) => y.value - x.value || x.id - y.id)
    .slice(0, MAX_LISTED_TERMS)
    .map((c) => model.termDisplay(c.id, extension));
}
