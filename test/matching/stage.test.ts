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

  it("value a mentor one or two stages ahead most, far ahead less, a peer little", () => {
    expect(stageCriterion("mid", "early").value).toBe(1);
    expect(stageCriterion("senior", "early").value).toBe(0.9);
    expect(stageCriterion("executive", "early").value).toBe(0.6);
    expect(stageCriterion("executive", "student").value).toBe(0.6);
    expect(stageCriterion("mid", "mid").value).toBe(0.3);
    expect(stageCriterion("early", "mid").value).toBe(0);
  });

  it("explain the gap with both stages", () => {
    expect(stageCriterion("senior", "early").reason).toBe("mentor is 2 stages ahead (senior → early career)");
    expect(stageCriterion("mid", "early").reason).toBe("mentor is 1 stage ahead (mid career → early career)");
    expect(stageCriterion("mid", "mid").reason).toBe("same career stage (mid career): peer advice");
    expect(stageCriterion("early", "senior").reason).toMatch(/behind/);
  });
});
