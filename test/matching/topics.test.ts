import { describe, expect, it } from "vitest";
import {
  analyzeTopic,
  KNOWN_INDUSTRIES,
  KNOWN_TOPICS,
  MAX_KEY_LENGTH,
  normalizeIndustry,
  normalizeTopic,
  parseTopicList,
  topicKey,
  uniqueTopics,
} from "../../src/matching/index.js";

describe("normalizeTopic", () => {
  it.each([
    ["CV", "cv"],
    ["Resumes", "cv"],
    ["résumé", "cv"],
    ["job hunting", "job search"],
    ["Job-Hunting!", "job search"],
    ["Interviews", "interviewing"],
    ["interview prep", "interviewing"],
    ["salary negotiations", "salary negotiation"],
    ["Negotiating salary", "salary negotiation"],
    ["career changes", "career switch"],
    ["Networks", "networking"],
    ["apply to jobs", "job search"],
  ])("synonyms, case, punctuation and plurals: %j → %j", (raw, display) => {
    expect(normalizeTopic(raw)).toBe(display);
  });

  it.each([
    ["intervewing", "interviewing"],
    ["salery negotiation", "salary negotiation"],
    ["publik speaking", "public speaking"],
    ["prodcut management", "product management"],
  ])("near spellings of known topics: %j → %j", (raw, display) => {
    expect(normalizeTopic(raw)).toBe(display);
  });

  it("does not merge different topics that merely look alike", () => {
    expect(normalizeTopic("program management")).toBe("program management");
    expect(normalizeTopic("sales")).toBe("sales");
    expect(normalizeTopic("readership")).toBe("readership");
    expect(topicKey("project management")).not.toBe(topicKey("product management"));
  });

  it("keeps unknown topics readable but identifies their plural and verb forms", () => {
    expect(normalizeTopic("  Python   Programming ")).toBe("python programming");
    // Plurals are one topic; verb forms are not folded any more (no stemming of tags, issue 11).
    expect(topicKey("Python programs")).toBe(topicKey("python program"));
    expect(topicKey("Python programs")).not.toBe(topicKey("python programming"));
    expect(normalizeTopic("C++")).toBe("C++");
    expect(analyzeTopic("!!!")).toMatchObject({ key: "", display: "" });
  });

  it("treats names of Object.prototype members as ordinary topics", () => {
    expect(parseTopicList("constructor, __proto__, toString")).toEqual(["constructor", "proto", "tostring"]);
  });

  it("is idempotent: normalising a display key gives the same topic", () => {
    for (const raw of [...KNOWN_TOPICS, "Python programs", "C++", "Job-Hunting", "salery negotiation"]) {
      const once = analyzeTopic(raw);
      expect(analyzeTopic(once.asInput)).toMatchObject({ key: once.key, display: once.display });
      expect(analyzeTopic(once.display).key).toBe(once.key);
    }
  });
});

describe("topic lists", () => {
  it("parses comma separated text, deduplicating synonyms", () => {
    expect(parseTopicList("CV, job hunting; Interviews, resumes,, interviewing ")).toEqual(["cv", "job search", "interviewing"]);
    expect(parseTopicList("")).toEqual([]);
  });

  it("gives keys and display forms", () => {
    expect(uniqueTopics(["Resumes", "cv", "Mock interviews"])).toMatchObject([
      { key: topicKey("cv"), display: "cv", kind: "alias", rewrittenFrom: "Resumes" },
      { key: topicKey("interviewing"), display: "interviewing", kind: "alias", rewrittenFrom: "Mock interviews" },
    ]);
  });
});

describe("normalised lengths", () => {
  it("never exceed MAX_KEY_LENGTH, even when normalising expands the text", () => {
    for (const raw of ["㎒".repeat(40), "ﬃ".repeat(40), "& ".repeat(30), "x".repeat(500)]) {
      expect(normalizeTopic(raw).length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
      expect(topicKey(raw).length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
      expect(normalizeIndustry(raw).length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    }
    for (const name of [...KNOWN_TOPICS, ...KNOWN_INDUSTRIES]) expect(name.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
  });
});
