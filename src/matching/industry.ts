import type { CriterionResult } from "./types.js";

/** Value of two different industries in the same curated group (e.g. banking ~ fintech). */
export const RELATED_INDUSTRY_VALUE = 0.5;

/**
 * Curated groups of industries whose people can meaningfully advise each other: the culture,
 * regulators, employers and interview styles overlap. Every canonical industry key is listed in
 * exactly one group; the group name is internal.
 */
const INDUSTRY_GROUPS: Readonly<Record<string, readonly string[]>> = {
  finance: ["finance", "banking", "fintech", "insurance", "accounting"],
  tech: ["software", "data", "it", "cybersecurity", "product", "telecom", "gaming"],
  health: ["healthcare", "biotech", "pharma"],
  commercial: ["marketing", "sales", "media"],
  consulting: ["consulting"],
  education: ["education"],
  public: ["government", "nonprofit"],
  industrial: ["engineering", "manufacturing"],
  energy: ["energy"],
  commerce: ["retail", "ecommerce"],
  legal: ["legal"],
  design: ["design"],
  hospitality: ["hospitality"],
  logistics: ["logistics"],
  "real estate": ["real estate"],
  hr: ["hr"],
};

/**
 * Cleaned spelling → canonical key. Canonical keys map to themselves implicitly. Looked up through
 * a Map (below), never by indexing the object: "constructor" is a valid thing to type.
 */
const ALIAS_TABLE: Readonly<Record<string, string>> = {
  "financial services": "finance",
  financial: "finance",
  "investment management": "finance",
  "asset management": "finance",
  "wealth management": "finance",
  "private equity": "finance",
  "venture capital": "finance",
  "hedge funds": "finance",
  trading: "finance",
  bank: "banking",
  banks: "banking",
  "investment banking": "banking",
  "retail banking": "banking",
  "fin tech": "fintech",
  "financial technology": "fintech",
  payments: "fintech",
  crypto: "fintech",
  blockchain: "fintech",
  insurtech: "insurance",
  reinsurance: "insurance",
  actuarial: "insurance",
  accountancy: "accounting",
  audit: "accounting",
  tax: "accounting",
  tech: "software",
  technology: "software",
  "software engineering": "software",
  "software development": "software",
  "web development": "software",
  programming: "software",
  saas: "software",
  "data science": "data",
  analytics: "data",
  "data analytics": "data",
  "data engineering": "data",
  ai: "data",
  "artificial intelligence": "data",
  "machine learning": "data",
  ml: "data",
  "information technology": "it",
  "it services": "it",
  devops: "it",
  cloud: "it",
  infrastructure: "it",
  "cyber security": "cybersecurity",
  cyber: "cybersecurity",
  security: "cybersecurity",
  infosec: "cybersecurity",
  "information security": "cybersecurity",
  "product management": "product",
  telecommunications: "telecom",
  telecoms: "telecom",
  games: "gaming",
  "video games": "gaming",
  health: "healthcare",
  "health care": "healthcare",
  medicine: "healthcare",
  medical: "healthcare",
  nursing: "healthcare",
  nhs: "healthcare",
  hospital: "healthcare",
  healthtech: "healthcare",
  biotechnology: "biotech",
  "life sciences": "biotech",
  pharmaceutical: "pharma",
  pharmaceuticals: "pharma",
  "digital marketing": "marketing",
  advertising: "marketing",
  "public relations": "marketing",
  pr: "marketing",
  communications: "marketing",
  branding: "marketing",
  "business development": "sales",
  "account management": "sales",
  journalism: "media",
  publishing: "media",
  broadcasting: "media",
  entertainment: "media",
  film: "media",
  consultancy: "consulting",
  "management consulting": "consulting",
  "strategy consulting": "consulting",
  teaching: "education",
  edtech: "education",
  academia: "education",
  "higher education": "education",
  research: "education",
  "public sector": "government",
  "civil service": "government",
  "public policy": "government",
  policy: "government",
  "local government": "government",
  defence: "government",
  defense: "government",
  "non profit": "nonprofit",
  charity: "nonprofit",
  ngo: "nonprofit",
  "third sector": "nonprofit",
  "social impact": "nonprofit",
  "mechanical engineering": "engineering",
  "civil engineering": "engineering",
  "electrical engineering": "engineering",
  aerospace: "engineering",
  automotive: "engineering",
  construction: "engineering",
  industrial: "manufacturing",
  "oil and gas": "energy",
  renewables: "energy",
  "renewable energy": "energy",
  "clean energy": "energy",
  cleantech: "energy",
  utilities: "energy",
  "consumer goods": "retail",
  fmcg: "retail",
  cpg: "retail",
  "e commerce": "ecommerce",
  "online retail": "ecommerce",
  law: "legal",
  "law firm": "legal",
  "legal services": "legal",
  ux: "design",
  "ux design": "design",
  "ui ux": "design",
  "ux ui": "design",
  "user experience": "design",
  "graphic design": "design",
  "product design": "design",
  travel: "hospitality",
  tourism: "hospitality",
  hotels: "hospitality",
  "food and beverage": "hospitality",
  "supply chain": "logistics",
  transport: "logistics",
  transportation: "logistics",
  shipping: "logistics",
  property: "real estate",
  proptech: "real estate",
  "human resources": "hr",
  recruitment: "hr",
  recruiting: "hr",
  "talent acquisition": "hr",
};

const INDUSTRY_ALIASES: ReadonlyMap<string, string> = new Map(Object.entries(ALIAS_TABLE));

const INDUSTRY_LABELS: ReadonlyMap<string, string> = new Map([
  ["it", "IT"],
  ["hr", "HR / recruiting"],
  ["ecommerce", "e-commerce"],
  ["government", "government / public sector"],
  ["nonprofit", "non-profit"],
]);

const GROUP_OF: ReadonlyMap<string, string> = new Map(
  Object.entries(INDUSTRY_GROUPS).flatMap(([group, keys]) => keys.map((key) => [key, group] as const)),
);

/** Canonical industry keys, sorted: what Discord autocomplete offers. */
export const KNOWN_INDUSTRIES: readonly string[] = [...GROUP_OF.keys()].sort();

/**
 * Longest normalised industry key or topic (display and key). Normalising can lengthen text
 * (NFKD turns "㎒" into "MHz", "&" becomes " and "), so callers that validated the raw length
 * still get bounded keys; every canonical name is shorter.
 */
export const MAX_KEY_LENGTH = 40;

/** Shared by industry and topic normalisation: case, accents, "&", punctuation and spacing. */
export function cleanKey(raw: string): string {
  const cleaned = raw
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    // Letters and digits of any script count ("金融", "zdrowie"); Latin accents were folded above.
    .replace(/[^\p{L}\p{M}\p{N}+#]+/gu, " ")
    .trim();
  return cleaned.length <= MAX_KEY_LENGTH ? cleaned : cleaned.slice(0, MAX_KEY_LENGTH).trimEnd();
}

/**
 * Canonical industry key: "Financial Services" → "finance", "Tech" → "software", "I.T." → "it".
 * Unknown industries keep their cleaned spelling so that two people typing the same unusual
 * industry still count as the same industry.
 */
export function normalizeIndustry(raw: string): string {
  let key = industryCache.get(raw);
  if (key === undefined) {
    if (industryCache.size >= INDUSTRY_CACHE_LIMIT) industryCache.clear();
    key = computeIndustryKey(raw);
    industryCache.set(raw, key);
  }
  return key;
}

// Communities reuse a handful of spellings; building an index normalises every profile's.
const INDUSTRY_CACHE_LIMIT = 10_000;
const industryCache = new Map<string, string>();

function computeIndustryKey(raw: string): string {
  // "I.T." cleans to "i t".
  const cleaned = cleanKey(raw).replace(/^i t$/, "it");
  if (GROUP_OF.has(cleaned)) return cleaned;
  const alias = INDUSTRY_ALIASES.get(cleaned);
  if (alias !== undefined) return alias;
  // "banking industry", "public sector" style suffixes add nothing.
  const trimmed = cleaned.replace(/\s+(industry|sector|services)$/, "");
  if (trimmed !== cleaned) {
    if (GROUP_OF.has(trimmed)) return trimmed;
    const trimmedAlias = INDUSTRY_ALIASES.get(trimmed);
    if (trimmedAlias !== undefined) return trimmedAlias;
  }
  return cleaned;
}

/** Human label for a canonical key ("it" → "IT"); unknown keys are shown as typed (cleaned). */
export function industryLabel(key: string): string {
  return INDUSTRY_LABELS.get(key) ?? key;
}

/** Internal group name of a canonical key, undefined for unknown industries. */
export function industryGroup(key: string): string | undefined {
  return GROUP_OF.get(key);
}

export type IndustryRelation = "same" | "related" | "unrelated";

export function industryRelation(a: string, b: string): IndustryRelation {
  if (a !== "" && a === b) return "same";
  const group = GROUP_OF.get(a);
  if (group !== undefined && group === GROUP_OF.get(b)) return "related";
  return "unrelated";
}

export function industryRelationValue(relation: IndustryRelation): number {
  if (relation === "same") return 1;
  if (relation === "related") return RELATED_INDUSTRY_VALUE;
  return 0;
}

/**
 * The mentee's industry that matching compares against: a career changer is matched against
 * where they are heading (targetIndustry), everyone else against where they are.
 */
export function effectiveMenteeIndustry(mentee: {
  industry: string;
  changingCareer: boolean;
  targetIndustry?: string | null;
}): { key: string; isTarget: boolean } {
  if (mentee.changingCareer && mentee.targetIndustry != null) {
    const target = normalizeIndustry(mentee.targetIndustry);
    if (target !== "") return { key: target, isTarget: true };
  }
  return { key: normalizeIndustry(mentee.industry), isTarget: false };
}

/** Criterion over canonical keys; `menteeIsTarget` only changes the wording. */
export function industryCriterion(mentorKey: string, menteeKey: string, menteeIsTarget: boolean): CriterionResult {
  const relation = industryRelation(mentorKey, menteeKey);
  const value = industryRelationValue(relation);
  const mentor = industryLabel(mentorKey);
  const mentee = industryLabel(menteeKey);
  if (relation === "same") {
    return {
      value,
      reason: menteeIsTarget ? `mentor works in ${mentor}, the mentee's target industry` : `both in ${mentor}`,
    };
  }
  if (relation === "related") {
    const pair = [mentor, mentee].sort().join(" ~ ");
    return {
      value,
      reason: menteeIsTarget ? `related to the mentee's target industry: ${pair}` : `related industries: ${pair}`,
    };
  }
  const what = menteeIsTarget ? "target industry" : "industry";
  return { value, reason: `different ${what}: ${mentor || "unknown"} vs ${mentee || "unknown"}` };
}
