import { describe, expect, it } from "vitest";
import {
  effectiveMenteeIndustry,
  industryCriterion,
  industryLabel,
  industryRelation,
  KNOWN_INDUSTRIES,
  normalizeIndustry,
  RELATED_INDUSTRY_VALUE,
} from "../../src/matching/index.js";

describe("normalizeIndustry", () => {
  it.each([
    ["FinTech", "fintech"],
    ["  Financial Services ", "finance"],
    ["Tech", "software"],
    ["software engineering", "software"],
    ["IT", "it"],
    ["I.T.", "it"],
    ["Information Technology", "it"],
    ["Cyber Security", "cybersecurity"],
    ["Banking industry", "banking"],
    ["Public sector", "government"],
    ["E-commerce", "ecommerce"],
    ["Oil & Gas", "energy"],
    ["Zoology", "zoology"],
    ["", ""],
  ])("%j → %j", (raw, key) => {
    expect(normalizeIndustry(raw)).toBe(key);
  });

  it("is idempotent on every known key", () => {
    for (const key of KNOWN_INDUSTRIES) expect(normalizeIndustry(key)).toBe(key);
  });

  it("lists known industries sorted and without duplicates", () => {
    expect([...KNOWN_INDUSTRIES].sort()).toEqual(KNOWN_INDUSTRIES);
    expect(new Set(KNOWN_INDUSTRIES).size).toBe(KNOWN_INDUSTRIES.length);
    for (const key of ["fintech", "banking", "finance", "insurance", "software", "data", "it", "cybersecurity", "product", "healthcare", "biotech", "pharma", "marketing", "sales", "media", "consulting", "education", "government", "engineering", "manufacturing", "energy", "retail", "ecommerce", "legal", "design"]) {
      expect(KNOWN_INDUSTRIES).toContain(key);
    }
  });

  it("treats names of Object.prototype members as ordinary industries", () => {
    for (const raw of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
      const key = normalizeIndustry(raw);
      expect(typeof key).toBe("string");
      expect(key).toBe(raw.toLowerCase().replace(/_/g, " ").trim());
      expect(industryLabel(key)).toBe(key);
      expect(industryRelation(key, key)).toBe("same");
    }
  });

  it("labels keys for people", () => {
    expect(industryLabel("it")).toBe("IT");
    expect(industryLabel("fintech")).toBe("fintech");
    expect(industryLabel("zoology")).toBe("zoology");
  });
});

describe("industry criterion", () => {
  it("scores same 1, related partially, unrelated 0", () => {
    expect(industryRelation("fintech", "fintech")).toBe("same");
    expect(industryRelation("fintech", "banking")).toBe("related");
    expect(industryRelation("software", "cybersecurity")).toBe("related");
    expect(industryRelation("healthcare", "pharma")).toBe("related");
    expect(industryRelation("marketing", "sales")).toBe("related");
    expect(industryRelation("fintech", "healthcare")).toBe("unrelated");
    expect(industryRelation("zoology", "botany")).toBe("unrelated");
    expect(industryRelation("", "")).toBe("unrelated");
    expect(industryCriterion("fintech", "fintech", false)).toEqual({ value: 1, reason: "both in fintech" });
    expect(industryCriterion("fintech", "banking", false)).toEqual({ value: RELATED_INDUSTRY_VALUE, reason: "related industries: banking ~ fintech" });
    expect(industryCriterion("legal", "banking", false).value).toBe(0);
    expect(RELATED_INDUSTRY_VALUE).toBeGreaterThan(0);
    expect(RELATED_INDUSTRY_VALUE).toBeLessThan(1);
  });

  it("matches a career changer on the target industry", () => {
    expect(effectiveMenteeIndustry({ industry: "Retail", changingCareer: true, targetIndustry: "Fin Tech" })).toEqual({ key: "fintech", isTarget: true });
    expect(effectiveMenteeIndustry({ industry: "Retail", changingCareer: false, targetIndustry: "fintech" })).toEqual({ key: "retail", isTarget: false });
    expect(effectiveMenteeIndustry({ industry: "Retail", changingCareer: true, targetIndustry: null })).toEqual({ key: "retail", isTarget: false });
    expect(industryCriterion("fintech", "fintech", true).reason).toBe("mentor works in fintech, the mentee's target industry");
  });
});
