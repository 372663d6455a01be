// Industries on LinkedIn's Industry Codes V2: 434 labels in a hierarchy (20 top categories), the
// vocabulary a LinkedIn-style product speaks. Keys are slugs of the labels ("software-development");
// free text maps to the closest label through aliases ("tech", "NHS", "fintech", "big four") or is
// kept as typed (cleaned). Relatedness comes from the hierarchy plus curated cross-links.
import v2 from "./data/linkedin-industries-v2.json" with { type: "json" };
import { FORMER_INDUSTRY_KEYS, INDUSTRY_ALIASES, INDUSTRY_CROSS_LINKS } from "./data/industry-vocabulary.js";
import type { CriterionResult } from "./types.js";

/** Value of two industries that are related through the hierarchy or a curated cross-link. */
export const RELATED_INDUSTRY_VALUE = 0.5;
/** Value of two industries that only share LinkedIn's top category (e.g. both Manufacturing). */
export const SECTOR_INDUSTRY_VALUE = 0.25;

/**
 * Longest normalised industry key or topic (display and key). Normalising can lengthen text
 * (NFKD turns "㎒" into "MHz", "&" becomes " and "), so callers that validated the raw length
 * still get bounded keys; every canonical name and key is shorter.
 */
export const MAX_KEY_LENGTH = 60;

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

/** "Technology, Information and Media" → "technology-information-and-media". */
export function industrySlug(label: string): string {
  return cleanKey(label).replace(/\s+/g, "-");
}

/** Words with a plural "s" dropped: "Products" ≡ "Product", "hospitals" ≡ "hospital". */
function singularWords(cleaned: string): string {
  return cleaned
    .split(" ")
    .map((w) => (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w))
    .join(" ");
}

interface IndustryEntry {
  id: number;
  key: string;
  label: string;
  /** Keys from the top category down to this entry's parent (empty for a top category). */
  ancestors: readonly string[];
  parent: string | undefined;
  root: string;
}

const ENTRIES: ReadonlyMap<string, IndustryEntry> = (() => {
  const rows = (v2 as { industries: { id: number; label: string; hierarchy: string }[] }).industries;
  // The published hierarchy spells a few parents differently from their own row ("Media and
  // Telecommunications" for "Media & Telecommunications", "Products" for "Product"), hence the
  // lookup through cleaned, singular forms.
  const byForm = new Map<string, string>();
  for (const row of rows) byForm.set(singularWords(cleanKey(row.label)), industrySlug(row.label));
  const entries = new Map<string, IndustryEntry>();
  for (const row of rows) {
    const key = industrySlug(row.label);
    if (entries.has(key)) throw new Error(`industry table: two labels give the key ${key}`);
    const path = row.hierarchy
      .split(">")
      .map((part) => part.trim())
      .filter((part) => part !== "")
      .map((part) => {
        const found = byForm.get(singularWords(cleanKey(part)));
        if (found === undefined) throw new Error(`industry table: ${row.label}: unknown parent "${part}"`);
        return found;
      });
    if (path[path.length - 1] !== key) throw new Error(`industry table: ${row.label}: hierarchy does not end with it`);
    const ancestors = path.slice(0, -1);
    entries.set(key, { id: row.id, key, label: row.label, ancestors, parent: ancestors[ancestors.length - 1], root: path[0] ?? key });
  }
  return entries;
})();

const KEY_BY_LABEL_FORM: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const entry of ENTRIES.values()) {
    map.set(cleanKey(entry.label), entry.key);
    map.set(singularWords(cleanKey(entry.label)), entry.key);
  }
  return map;
})();

function keyOfLabel(label: string, where: string): string {
  const key = industrySlug(label);
  if (!ENTRIES.has(key)) throw new Error(`${where}: "${label}" is not a V2 label`);
  return key;
}

/** Cleaned alias → key. Looked up through a Map, never by indexing: "constructor" is valid input. */
const ALIAS_KEYS: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [text, label] of Object.entries(INDUSTRY_ALIASES)) {
    map.set(cleanKey(text), keyOfLabel(label, `industry alias "${text}"`));
  }
  return map;
})();

const CROSS_LINKS: readonly (readonly [string, string])[] = INDUSTRY_CROSS_LINKS.map(
  ([a, b]) => [keyOfLabel(a, "industry cross-link"), keyOfLabel(b, "industry cross-link")] as const,
);

const FORMER_KEYS: ReadonlyMap<string, string> = new Map(
  Object.entries(FORMER_INDUSTRY_KEYS).map(([old, label]) => [old, keyOfLabel(label, `former industry key "${old}"`)]),
);

/** Every V2 industry key, sorted: what autocomplete can offer. */
export const KNOWN_INDUSTRIES: readonly string[] = [...ENTRIES.keys()].sort();

/**
 * Industry key of free text: a V2 key as it is, a V2 label in any case/spacing/"&"/plural form
 * ("IT services & IT consulting"), an alias ("Tech", "NHS", "fintech", "Big 4", "I.T."),
 * optionally followed by "industry" or "sector"; anything else keeps its cleaned spelling so that
 * two people typing the same unusual industry still count as the same industry. "" for empty.
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

function lookup(cleaned: string): string | undefined {
  return (
    KEY_BY_LABEL_FORM.get(cleaned) ??
    ALIAS_KEYS.get(cleaned) ??
    KEY_BY_LABEL_FORM.get(singularWords(cleaned)) ??
    ALIAS_KEYS.get(singularWords(cleaned))
  );
}

function computeIndustryKey(raw: string): string {
  const trimmed = raw.trim();
  if (ENTRIES.has(trimmed)) return trimmed;
  // "I.T." cleans to "i t".
  const cleaned = cleanKey(raw).replace(/^i t$/, "it");
  if (cleaned === "") return "";
  const found = lookup(cleaned);
  if (found !== undefined) return found;
  // "banking industry", "tech sector": the suffix adds nothing.
  const bare = cleaned.replace(/\s+(industry|sector)$/, "");
  if (bare !== cleaned) {
    const foundBare = lookup(bare);
    if (foundBare !== undefined) return foundBare;
  }
  return cleaned;
}

/** Whether `key` is a V2 industry key. */
export function isKnownIndustry(key: string): boolean {
  return ENTRIES.has(key);
}

/** V2 label of a key ("it-services-and-it-consulting" → "IT Services and IT Consulting"); other keys as they are. */
export function industryLabel(key: string): string {
  return ENTRIES.get(key)?.label ?? key;
}

/** LinkedIn's numeric id of a V2 key (undefined for as-typed industries). */
export function industryCode(key: string): number | undefined {
  return ENTRIES.get(key)?.id;
}

/** Labels from the top category down to the key's own ("Technology, Information and Media", …, "Software Development"). */
export function industryPath(key: string): string[] {
  const entry = ENTRIES.get(key);
  if (entry === undefined) return key === "" ? [] : [key];
  return [...entry.ancestors, key].map(industryLabel);
}

/** Key of the top category of a V2 key (itself for a top category), undefined for other keys. */
export function industryGroup(key: string): string | undefined {
  return ENTRIES.get(key)?.root;
}

/**
 * Key for an industry stored by the engine before Industry Codes V2 (the data migration):
 * the former canonical keys ("software", "fintech", "it", …) map to their V2 label, anything else
 * (as-typed text) is normalised again, which also lets old free text reach a V2 label
 * ("automotive" → Motor Vehicle Manufacturing). Idempotent: a V2 key maps to itself.
 */
export function migrateIndustryKey(oldKey: string): string {
  return FORMER_KEYS.get(oldKey.trim()) ?? normalizeIndustry(oldKey);
}

export interface IndustrySuggestion {
  key: string;
  label: string;
  /** Top category label, to tell similar labels apart in a picker. */
  group: string;
}

/**
 * V2 industries for autocomplete, best first: labels starting with the typed text, then labels
 * with a word starting with it, then labels containing it, then labels reached through an alias
 * starting with it ("nhs" → Hospitals and Health Care). Empty text lists labels alphabetically.
 */
export function searchIndustries(typed: string, limit = 25): IndustrySuggestion[] {
  const query = cleanKey(typed);
  const tiers: string[][] = [[], [], [], []];
  const labels = [...ENTRIES.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  for (const entry of labels) {
    const form = cleanKey(entry.label);
    if (query === "" || form.startsWith(query)) tiers[0]?.push(entry.key);
    else if (form.split(" ").some((w) => w.startsWith(query))) tiers[1]?.push(entry.key);
    else if (form.includes(query)) tiers[2]?.push(entry.key);
  }
  if (query !== "") {
    for (const [alias, key] of ALIAS_KEYS) if (alias.startsWith(query)) tiers[3]?.push(key);
  }
  const seen = new Set<string>();
  const out: IndustrySuggestion[] = [];
  for (const key of tiers.flat()) {
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, label: industryLabel(key), group: industryLabel(industryGroup(key) ?? key) });
    if (out.length >= limit) break;
  }
  return out;
}

export type IndustryRelation = "same" | "related" | "sector" | "unrelated";

const relationCache = new Map<string, IndustryRelation>();

/**
 * How two industry keys relate: "same" key; "related" when one is an ancestor of the other, they
 * have the same parent, or a curated cross-link joins their subtrees (IT services ~ software,
 * biotech research ~ pharma, advertising ~ marketing, accounting ~ financial services, …);
 * "sector" when they only share a top category; otherwise "unrelated" (always for as-typed
 * industries other than the same text).
 */
export function industryRelation(a: string, b: string): IndustryRelation {
  if (a !== "" && a === b) return "same";
  const ea = ENTRIES.get(a);
  const eb = ENTRIES.get(b);
  if (ea === undefined || eb === undefined) return "unrelated";
  const cacheKey = a < b ? `${a}|${b}` : `${b}|${a}`;
  let relation = relationCache.get(cacheKey);
  if (relation === undefined) {
    relation = computeRelation(ea, eb);
    relationCache.set(cacheKey, relation);
  }
  return relation;
}

function computeRelation(a: IndustryEntry, b: IndustryEntry): IndustryRelation {
  if (a.ancestors.includes(b.key) || b.ancestors.includes(a.key)) return "related";
  if (a.parent !== undefined && a.parent === b.parent) return "related";
  const lineA = [...a.ancestors, a.key];
  const lineB = [...b.ancestors, b.key];
  for (const [x, y] of CROSS_LINKS) {
    if ((lineA.includes(x) && lineB.includes(y)) || (lineA.includes(y) && lineB.includes(x))) return "related";
  }
  return a.root === b.root ? "sector" : "unrelated";
}

export function industryRelationValue(relation: IndustryRelation): number {
  if (relation === "same") return 1;
  if (relation === "related") return RELATED_INDUSTRY_VALUE;
  if (relation === "sector") return SECTOR_INDUSTRY_VALUE;
  return 0;
}

const relatedCache = new Map<string, readonly (readonly [string, number])[]>();

/** Every V2 key with a positive relation value to `key`, itself included (just itself for as-typed keys). */
export function relatedIndustries(key: string): readonly (readonly [string, number])[] {
  let related = relatedCache.get(key);
  if (related === undefined) {
    if (!ENTRIES.has(key)) {
      related = key === "" ? [] : [[key, 1]];
    } else {
      related = KNOWN_INDUSTRIES.flatMap((other) => {
        const value = industryRelationValue(industryRelation(key, other));
        return value > 0 ? [[other, value] as const] : [];
      });
    }
    relatedCache.set(key, related);
  }
  return related;
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

/** Criterion over industry keys; `menteeIsTarget` only changes the wording. */
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
  const pair = [mentor, mentee].sort().join(" ~ ");
  if (relation === "related") {
    return { value, reason: menteeIsTarget ? `related to the mentee's target industry: ${pair}` : `related industries: ${pair}` };
  }
  if (relation === "sector") {
    const sector = industryLabel(industryGroup(mentorKey) ?? "");
    return { value, reason: `same sector (${sector}): ${pair}` };
  }
  const what = menteeIsTarget ? "target industry" : "industry";
  return { value, reason: `different ${what}: ${mentor || "unknown"} vs ${mentee || "unknown"}` };
}
