import { describe, expect, it } from "vitest";
import { forEachContentToken, STOP_WORDS } from "../../src/matching/nlp.js";
import { smoothIdf, sparseCosine } from "../../src/matching/text.js";

const tokens = (text: string): string[] => {
  const out: string[] = [];
  forEachContentToken(text, (stem, surface) => out.push(`${stem}:${surface}`));
  return out;
};

describe("free-text processing", () => {
  it("drops stop words, numbers and single letters, stems the rest and keeps the written word", () => {
    expect(tokens("I'd like help with CV-writing, job-hunting & 2 salary negotiations!")).toEqual([
      "cv:cv",
      "write:writing",
      "job:job",
      "hunt:hunting",
      "salari:salary",
      "negoti:negotiations",
    ]);
    expect(tokens("Mon résumé, négocier")).toEqual(["mon:mon", "resum:resume", "negoci:negocier"]);
    expect(STOP_WORDS.has("the")).toBe(true);
    expect(STOP_WORDS.has("advice")).toBe(true);
  });

  it("uses a smoothed IDF: never zero, larger for rarer terms, defined for unseen ones", () => {
    expect(smoothIdf(10, 10)).toBeGreaterThan(0);
    expect(smoothIdf(10, 1)).toBeGreaterThan(smoothIdf(10, 5));
    expect(smoothIdf(10, 0)).toBeCloseTo(1 + Math.log(11), 12);
  });

  it("computes the cosine of sorted sparse vectors", () => {
    const a = { ids: Int32Array.from([1, 4, 9]), w: Float32Array.from([0.6, 0.8, 0]) };
    const b = { ids: Int32Array.from([4, 5]), w: Float32Array.from([1, 0]) };
    expect(sparseCosine(a.ids, a.w, b.ids, b.w)).toBeCloseTo(0.8, 6);
    expect(sparseCosine(a.ids, a.w, Int32Array.from([2]), Float32Array.from([1]))).toBe(0);
  });
});
