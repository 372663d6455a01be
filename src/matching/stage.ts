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
 * Value of a mentor `gap` stages ahead of the mentee. One stage ahead remembers the mentee's
 * situation best; two is nearly as good; far ahead is still useful but less relatable; same stage
 * is peer advice. A negative gap is a hard filter, so it never reaches scoring (0 for safety).
 */
export function stageGapValue(gap: number): number {
  if (gap < 0) return 0;
  if (gap === 0) return 0.3;
  if (gap === 1) return 1;
  if (gap === 2) return 0.9;
  return 0.6;
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
