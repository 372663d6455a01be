import type { CriterionResult, Stage } from "./types.js";

export const STAGES: readonly Stage[] = ["student", "early", "mid", "senior", "executive"];

const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  student: "student",
  early: "early career",
  mid: "mid career",
  senior: "senior",
  executive: "executive",
};

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

export function stageIndex(stage: Stage): number {
  const index = STAGES.indexOf(stage);
  if (index < 0) throw new RangeError(`unknown stage: ${String(stage)}`);
  return index;
}

export function stageLabel(stage: Stage): string {
  // Guarded: callers outside TypeScript may pass any string ("constructor" would index the prototype).
  return isStage(stage) ? STAGE_LABELS[stage] : String(stage);
}

/**
 * Value of a mentor `gap` stages ahead of the mentee. One and two stages ahead are nearly the same
 * (both remember the mentee's situation and have solved its problems recently); far ahead is
 * still useful, a little less relatable; a peer at the same stage gives real advice too. The
 * spread is kept small on purpose: stage is a coarse category and must not outweigh a shared,
 * specific topic (a peer sharing one of three topics beats an unrelated mentor one stage ahead).
 * A negative gap is a hard filter, so it never reaches scoring (0 for safety).
 */
export function stageGapValue(gap: number): number {
  if (gap < 0) return 0;
  if (gap === 0) return 0.8;
  if (gap === 1) return 1;
  if (gap === 2) return 0.95;
  return 0.85;
}

export function stageCriterion(mentorStage: Stage, menteeStage: Stage): CriterionResult {
  const gap = stageIndex(mentorStage) - stageIndex(menteeStage);
  const value = stageGapValue(gap);
  if (gap < 0) {
    return {
      value,
      reason: `mentor is behind the mentee (${stageLabel(mentorStage)} < ${stageLabel(menteeStage)})`,
    };
  }
  if (gap === 0) return { value, reason: `same career stage (${stageLabel(menteeStage)}): peer advice` };
  const stages = gap === 1 ? "1 stage" : `${gap} stages`;
  return {
    value,
    reason: `mentor is ${stages} ahead (${stageLabel(mentorStage)} → ${stageLabel(menteeStage)})`,
  };
}
