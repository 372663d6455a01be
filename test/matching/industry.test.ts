import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  effectiveMenteeIndustry,
  industryCode,
  industryCriterion,
  industryGroup,
  industryLabel,
  industryPath,
  industryRelation,
  KNOWN_INDUSTRIES,
  migrateIndustryKey,
  normalizeIndustry,
  RELATED_INDUSTRY_VALUE,
  searchIndustries,
  SECTOR_INDUSTRY_VALUE,
} from "../../src/matching/index.js";

const dataFile = new URL("../../src/matching/data/linkedin-industries-v2.json", import.meta.url);
const v2 = z
  .object({ source: z.string(), industries: z.array(z.strictObject({ id: z.number().int().positive(), label: z.string().min(1), hierarchy: z.string().min(1) })) })
  .parse(JSON.parse(readFileSync(dataFile, "utf8")));
const key = (label: string): string => normalizeIndustry(label);

describe("LinkedIn Industry Codes V2", () => {
  it("has all 434 labels with unique ids, 20 top categories", () => {
    expect(v2.industries).toHaveLength(434);
    expect(new Set(v2.industries.map((i) => i.id)).size).toBe(434);
    expect(KNOWN_INDUSTRIES).toHaveLength(434);
    expect(new Set(v2.industries.map((i) => industryGroup(key(i.label)))).size).toBe(20);
  });

  it("maps every V2 label to its own key, with a group (top category) and its path", () => {
    for (const { id, label, hierarchy } of v2.industries) {
      const k = key(label);
      expect(KNOWN_INDUSTRIES).toContain(k);
      expect(industryLabel(k)).toBe(label);
      expect(industryCode(k)).toBe(id);
      expect(industryGroup(k)).toBeDefined();
      expect(industryPath(k)).toHaveLength(hierarchy.split(">").length);
      expect(normalizeIndustry(k)).toBe(k); // idempotent on keys (what profiles store)
      expect(normalizeIndustry(label.toUpperCase())).toBe(k);
    }
    expect(industryPath(key("Computer Games"))).toEqual(["Technology, Information and Media", "Technology, Information and Internet", "Software Development", "Computer Games"]);
  });
});

describe("normalizeIndustry", () => {
  it.each([
    ["FinTech", "Financial Services"],
    ["  Financial Services ", "Financial Services"],
    ["Tech", "Technology, Information and Internet"],
    ["software engineering", "Software Development"],
    ["IT", "IT Services and IT Consulting"],
    ["I.T.", "IT Services and IT Consulting"],
    ["Information Technology", "IT Services and IT Consulting"],
    ["IT services & IT consulting", "IT Services and IT Consulting"],
    ["Cyber Security", "Computer and Network Security"],
    ["Banking industry", "Banking"],
    ["Public sector", "Government Administration"],
    ["E-commerce", "Online and Mail Order Retail"],
    ["Oil & Gas", "Oil and Gas"],
    ["NHS", "Hospitals and Health Care"],
    ["big four", "Accounting"],
    ["Big 4", "Accounting"],
    ["hospitals", "Hospitals"],
    ["Research", "Research Services"],
  ])("free text %j → V2 label %j", (raw, label) => {
    expect(normalizeIndustry(raw)).toBe(key(label));
    expect(industryLabel(normalizeIndustry(raw))).toBe(label);
  });

  it("keeps unknown industries as typed (cleaned)", () => {
    expect(normalizeIndustry("Zoology")).toBe("zoology");
    expect(normalizeIndustry("")).toBe("");
    expect(industryLabel("zoology")).toBe("zoology");
  });

  it("lists known industries sorted and without duplicates", () => {
    expect([...KNOWN_INDUSTRIES].sort()).toEqual(KNOWN_INDUSTRIES);
    expect(new Set(KNOWN_INDUSTRIES).size).toBe(KNOWN_INDUSTRIES.length);
  });

  it("treats names of Object.prototype members as ordinary industries", () => {
    for (const raw of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
      const k = normalizeIndustry(raw);
      expect(typeof k).toBe("string");
      expect(k).toBe(raw.toLowerCase().replace(/_/g, " ").trim());
      expect(industryLabel(k)).toBe(k);
      expect(industryRelation(k, k)).toBe("same");
    }
  });
});

describe("industry relations (hierarchy and cross-links)", () => {
  it.each([
    ["IT Services and IT Consulting", "Software Development"],
    ["Computer and Network Security", "Software Development"],
    ["Computer Games", "Software Development"],
    ["Biotechnology Research", "Pharmaceutical Manufacturing"],
    ["Advertising Services", "Marketing Services"],
    ["Accounting", "Financial Services"],
    ["Banking", "Financial Services"],
    ["Hospitals", "Hospitals and Health Care"],
    ["Research Services", "Higher Education"],
  ])("%s ~ %s are related, not the same", (a, b) => {
    expect(industryRelation(key(a), key(b))).toBe("related");
    expect(key(a)).not.toBe(key(b));
  });

  it("scores same 1, related 0.5, same top category 0.25, unrelated 0", () => {
    expect(industryRelation(key("Banking"), key("Banking"))).toBe("same");
    expect(industryRelation(key("Automation Machinery Manufacturing"), key("Dairy Product Manufacturing"))).toBe("sector");
    expect(industryRelation(key("Banking"), key("Hospitals and Health Care"))).toBe("unrelated");
    expect(industryRelation("zoology", "botany")).toBe("unrelated");
    expect(industryRelation("", "")).toBe("unrelated");
    expect(industryCriterion(key("Banking"), key("Banking"), false)).toEqual({ value: 1, reason: "both in Banking" });
    expect(industryCriterion(key("Financial Services"), key("Banking"), false)).toEqual({ value: RELATED_INDUSTRY_VALUE, reason: "related industries: Banking ~ Financial Services" });
    expect(industryCriterion(key("Automation Machinery Manufacturing"), key("Dairy Product Manufacturing"), false).value).toBe(SECTOR_INDUSTRY_VALUE);
    expect(industryCriterion(key("Law Practice"), key("Banking"), false).value).toBe(0);
  });

  it("matches a career changer on the target industry", () => {
    expect(effectiveMenteeIndustry({ industry: "Retail", changingCareer: true, targetIndustry: "Fin Tech" })).toEqual({ key: key("Financial Services"), isTarget: true });
    expect(effectiveMenteeIndustry({ industry: "Retail", changingCareer: false, targetIndustry: "fintech" })).toEqual({ key: key("Retail"), isTarget: false });
    expect(effectiveMenteeIndustry({ industry: "Retail", changingCareer: true, targetIndustry: null })).toEqual({ key: key("Retail"), isTarget: false });
    expect(industryCriterion(key("Banking"), key("Banking"), true).reason).toBe("mentor works in Banking, the mentee's target industry");
  });
});

describe("autocomplete and migration", () => {
  it("offers V2 labels by prefix, then word, then substring, then alias", () => {
    expect(searchIndustries("soft", 3).map((s) => s.label)[0]).toBe("Software Development");
    expect(searchIndustries("health").map((s) => s.label)).toContain("Hospitals and Health Care");
    expect(searchIndustries("nhs").map((s) => s.label)).toEqual(["Hospitals and Health Care"]);
    expect(searchIndustries("", 5)).toHaveLength(5);
    expect(searchIndustries("zzzz")).toEqual([]);
  });

  it("maps the former industry keys to V2 keys, idempotently", () => {
    expect(migrateIndustryKey("software")).toBe(key("Software Development"));
    expect(migrateIndustryKey("fintech")).toBe(key("Financial Services"));
    expect(migrateIndustryKey("it")).toBe(key("IT Services and IT Consulting"));
    expect(migrateIndustryKey("healthcare")).toBe(key("Hospitals and Health Care"));
    expect(migrateIndustryKey("real estate")).toBe(key("Real Estate"));
    expect(migrateIndustryKey("sales")).toBe("sales"); // no V2 industry: stays as typed
    expect(migrateIndustryKey("zoology")).toBe("zoology");
    for (const k of KNOWN_INDUSTRIES) expect(migrateIndustryKey(k)).toBe(k);
    for (const old of ["finance", "banking", "insurance", "accounting", "data", "cybersecurity", "product", "telecom", "gaming", "biotech", "pharma", "marketing", "media", "consulting", "education", "government", "nonprofit", "engineering", "manufacturing", "energy", "retail", "ecommerce", "legal", "design", "hospitality", "logistics", "hr"]) {
      expect(KNOWN_INDUSTRIES).toContain(migrateIndustryKey(old));
    }
  });
});
