import { describe, expect, it } from "vitest";
import { isStage, stageCriterion, STAGES, stageIndex, stageLabel } from "../../src/matching/index.js";

describe("career stages", () => {
  it("are ordered student < early < mid < senior < executive", () => {
    expect(STAGES).toEqual(["student", "early", "mid", "senior", "executive"]);
    expect(STAGES.map(stageIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(isStage("mid")).toBe(true);
    expect(isStage("intern")).toBe(false);
  });

  it("have human labels", () => {
    expect(STAGES.map(stageLabel)).toEqual(["student", "early career", "mid career", "senior", "executive"]);
  });

  it("value one and two stages ahead nearly the same, far ahead and peers a little less", () => {
    expect(stageCriterion("mid", "early").value).toBe(1);
    expect(stageCriterion("senior", "early").value).toBe(0.95);
    expect(stageCriterion("executive", "early").value).toBe(0.85);
    expect(stageCriterion("executive", "student").value).toBe(0.85);
    expect(stageCriterion("mid", "mid").value).toBe(0.8);
    expect(stageCriterion("early", "mid").value).toBe(0);
    // Calibration (issue 11): 1 vs 2 ahead differ by at most 0.05; a peer loses at most 0.2.
    expect(stageCriterion("mid", "early").value - stageCriterion("senior", "early").value).toBeLessThanOrEqual(0.05 + 1e-12);
    expect(stageCriterion("mid", "early").value - stageCriterion("mid", "mid").value).toBeLessThanOrEqual(0.2 + 1e-12);
  });

  it("explain the gap with both stages", () => {
    expect(stageCriterion("senior", "early").reason).toBe("mentor is 2 stages ahead (senior → early career)");
    expect(stageCriterion("mid", "early").reason).toBe("mentor is 1 stage ahead (mid career → early career)");
    expect(stageCriterion("mid", "mid").reason).toBe("same career stage (mid career): peer advice");
    expect(stageCriterion("early", "senior").reason).toMatch(/behind/);
  });
});
