// Topic vocabulary and normalisation. Known topics come from data/ (programming languages from
// linguist, curated frameworks, tools, roles and careers topics); unknown tags still work. The
// normalisation is deliberately conservative: case, Unicode, punctuation that carries no meaning
// (keeping # + . inside C#, C++, .NET, Node.js and & / in M&A, A/B), spacing and singular/plural.
// No stemming: "product", "production" and "productivity" stay three topics. Typos are corrected
// only towards known spellings, with an edit budget that grows with the length, never for tags
// under 5 characters.
import languages from "./data/languages.json" with { type: "json" };
import { CAREERS_TOPICS, TECH_TOPICS, TOPIC_FAMILIES } from "./data/topic-vocabulary.js";
import type { TopicEntry } from "./data/topic-vocabulary.js";
import { MAX_KEY_LENGTH } from "./industry.js";

/** A raw tag starting with this is kept exactly as written (no alias, typo or plural rewriting). */
export const KEEP_AS_WRITTEN_PREFIX = "=";

/** How a raw tag became its topic. */
export type TopicKind =
  /** A known topic's name, up to case, accents, punctuation and spacing ("react" → React). */
  | "canonical"
  /** Another spelling of a known topic ("React.js" → React, "resume" → cv). */
  | "alias"
  /** The plural or singular of a known name ("Interviews" ↔ interviewing's "interviews"... ). */
  | "plural"
  /** A typo of a known spelling ("kubernets" → Kubernetes). */
  | "typo"
  /** Not a known topic: kept readable as typed (cleaned); identity ignores spacing and plurals. */
  | "as-typed"
  /** The member asked to keep it exactly as written (KEEP_AS_WRITTEN_PREFIX). */
  | "kept";

export interface NormalizedTopic {
  /** Identity: two tags are the same topic iff their keys are equal ("" for an empty tag). */
  key: string;
  /** What people see: the known topic's name, the cleaned tag, or the tag as written. */
  display: string;
  kind: TopicKind;
  /** The tag as the member wrote it (trimmed), when it was rewritten to another name: "React.js" (→ React). */
  rewrittenFrom?: string;
  /**
   * A string that normalises back to exactly this topic: the display, or for a kept tag the
   * display with KEEP_AS_WRITTEN_PREFIX. Store this if tags are stored as text.
   */
  asInput: string;
  /** Whether the topic is in the vocabulary (what autocomplete offers). */
  known: boolean;
}

// ---------------------------------------------------------------------------------------------
// Cleaning

/** Function words carry no topic meaning: "applying for jobs" ≡ "applying to jobs". */
const FILLER = new Set(["a", "an", "the", "for", "of", "to", "in", "on", "my", "your", "with", "and"]);

/**
 * Lower case, accents folded, meaningful punctuation kept: "#", "+" anywhere in a word (C#, C++),
 * "." inside or at the start of a word (.NET, Node.js, ASP.NET), "&" and "/" between short words
 * (M&A, Q&A, R&D, A/B, CI/CD, UI/UX); any other punctuation is a space.
 */
export function cleanTopic(raw: string): string {
  let text = raw.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  text = text.replace(/['’`]/g, "");
  // "M&A", "Q & A", "A/B", "CI/CD": one token.
  text = text.replace(/(^|[^\p{L}\p{N}])([\p{L}\p{N}]{1,2})\s*([&/])\s*([\p{L}\p{N}]{1,2})(?=$|[^\p{L}\p{N}])/gu, "$1$2$3$4");
  text = text.replace(/(?<![\p{L}\p{N}])&(?![\p{L}\p{N}])|(?<=\s)&|&(?=\s)/gu, " and ");
  text = text.replace(/&(?![\p{L}\p{N}]{1,2}(?:$|[^\p{L}\p{N}]))/gu, " and ");
  // Dots that are not inside or leading a word go; so do all other symbols.
  text = text.replace(/\.(?![\p{L}\p{N}])/gu, " ").replace(/(?<=[^\s\p{L}\p{N}])\./gu, " ");
  text = text.replace(/[^\p{L}\p{M}\p{N}+#.&/]+/gu, " ");
  text = text.replace(/(^|\s)\/+|\/+(?=\s|$)/g, " ");
  const cleaned = text.replace(/\s+/g, " ").trim();
  return cleaned.length <= MAX_KEY_LENGTH ? cleaned : cleaned.slice(0, MAX_KEY_LENGTH).trimEnd();
}

/** Plural → singular for plain words only ("interviews", "companies"; not "node.js", "kubernetes" is known). */
function singularWord(word: string): string {
  if (!/^\p{L}+$/u.test(word) || word.length < 4) return word;
  if (word.endsWith("ies") && word.length >= 5) return `${word.slice(0, -3)}y`;
  if (word.endsWith("sses")) return word.slice(0, -2);
  if (/(ch|sh|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

const singular = (cleaned: string): string => cleaned.split(" ").map(singularWord).join(" ");
const squash = (cleaned: string): string => cleaned.replace(/ /g, "");
function withoutFiller(cleaned: string): string {
  const words = cleaned.split(" ");
  const content = words.filter((w) => !FILLER.has(w));
  // "m and a" must not shrink to "m": too little is left to identify a topic.
  return content.join("").length >= 3 ? content.join(" ") : cleaned;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

interface Topic {
  key: string;
  display: string;
}

type Match = { topic: Topic; kind: "canonical" | "alias" | "plural" };

const ENTRIES: readonly TopicEntry[] = [
  ...(languages as { languages: { name: string; aliases: string[] }[] }).languages.map(
    (l): TopicEntry => [l.name, ...l.aliases],
  ),
  ...TECH_TOPICS,
  ...CAREERS_TOPICS,
];

/** Every cleaned form of every spelling → topic and how it was reached. */
const FORMS: ReadonlyMap<string, Match> = (() => {
  const forms = new Map<string, Match>();
  const add = (form: string, match: Match, spelling: string): void => {
    if (form === "") return;
    const previous = forms.get(form);
    if (previous !== undefined && previous.topic.key !== match.topic.key) {
      throw new Error(`topic vocabulary: "${spelling}" (${form}) is claimed by "${previous.topic.display}" and "${match.topic.display}"`);
    }
    // A topic's own name beats its aliases and plural forms for the same form.
    if (previous === undefined || (match.kind === "canonical" && previous.kind !== "canonical")) forms.set(form, match);
  };
  const topics = new Map<string, Topic>();
  for (const [name, ...aliases] of ENTRIES) {
    const key = squash(withoutFiller(singular(cleanTopic(name))));
    if (topics.has(key)) throw new Error(`topic vocabulary: "${name}" is listed twice`);
    const topic = { key, display: name };
    topics.set(key, topic);
    const spellings: [string, "canonical" | "alias"][] = [[name, "canonical"], ...aliases.map((a): [string, "alias"] => [a, "alias"])];
    for (const [spelling, kind] of spellings) {
      const cleaned = cleanTopic(spelling);
      add(cleaned, { topic, kind }, spelling);
      add(squash(cleaned), { topic, kind }, spelling);
      const plural: Match["kind"] = kind === "canonical" ? "plural" : "alias";
      for (const form of [singular(cleaned), withoutFiller(cleaned), withoutFiller(singular(cleaned))]) {
        add(form, { topic, kind: form === cleaned ? kind : plural }, spelling);
        add(squash(form), { topic, kind: form === cleaned ? kind : plural }, spelling);
      }
    }
  }
  return forms;
})();

const KNOWN_BY_KEY: ReadonlyMap<string, Topic> = new Map([...FORMS.values()].map((m) => [m.topic.key, m.topic]));

/** Names of all known topics, sorted case-insensitively: what autocomplete offers. */
export const KNOWN_TOPICS: readonly string[] = [...KNOWN_BY_KEY.values()]
  .map((t) => t.display)
  .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), "en"));

/**
 * Typo targets: cleaned spellings of 7+ characters (6+ for several words), by first character.
 * Shorter single words are too often another real word one edit away ("string" / Spring).
 */
const TYPO_TARGETS: ReadonlyMap<string, readonly (readonly [string, Topic])[]> = (() => {
  const byFirst = new Map<string, (readonly [string, Topic])[]>();
  for (const [form, match] of FORMS) {
    if (form.length < (form.includes(" ") ? 6 : 7)) continue;
    const first = form[0] ?? "";
    const list = byFirst.get(first) ?? [];
    list.push([form, match.topic]);
    byFirst.set(first, list);
  }
  return byFirst;
})();

/** Edits allowed for a tag of this length: none under 5 characters, 1 up to 11, then 2. */
export function typoBudget(length: number): number {
  if (length < 5) return 0;
  return length < 12 ? 1 : 2;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped at max + 1. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    let best = row[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}

/** Known topic the cleaned tag is a typo of (same first letter, within the budget), if any. */
function typoOf(cleaned: string): Topic | undefined {
  const budget = typoBudget(cleaned.length);
  if (budget === 0) return undefined;
  let best: Topic | undefined;
  let bestDistance = budget + 1;
  for (const [form, topic] of TYPO_TARGETS.get(cleaned[0] ?? "") ?? []) {
    const max = Math.min(budget, typoBudget(form.length));
    const d = editDistance(cleaned, form, max);
    if (d <= max && d < bestDistance) {
      best = topic;
      bestDistance = d;
    }
  }
  return bestDistance > 0 ? best : undefined;
}

// ---------------------------------------------------------------------------------------------
// Normalisation

const TOPIC_CACHE_LIMIT = 50_000;
const topicCache = new Map<string, NormalizedTopic>();

/** `raw` marked to be kept exactly as written: keepAsWritten("React.js") = "=React.js". */
export function keepAsWritten(raw: string): string {
  return `${KEEP_AS_WRITTEN_PREFIX}${raw.replace(/^=+/, "").trim()}`;
}

/**
 * Key, display form and how a raw tag was rewritten:
 * "React.js" → { key: "react", display: "React", kind: "alias", rewrittenFrom: "React.js" };
 * "=React.js" (kept as written) → { key: "=react.js", display: "React.js", kind: "kept" };
 * "Kafka Streams" → { key: "kafkastream", display: "kafka streams", kind: "as-typed" }.
 */
export function describeTopic(raw: string): NormalizedTopic {
  const cached = topicCache.get(raw);
  if (cached !== undefined) return cached;
  const result = computeTopic(raw);
  if (topicCache.size >= TOPIC_CACHE_LIMIT) topicCache.clear();
  topicCache.set(raw, result);
  return result;
}

/** Same as describeTopic (kept for callers of the former name). */
export const analyzeTopic = describeTopic;

function computeTopic(raw: string): NormalizedTopic {
  const written = raw.trim();
  if (written.startsWith(KEEP_AS_WRITTEN_PREFIX)) {
    const text = written.replace(/^=+/, "").normalize("NFC").replace(/\s+/g, " ").trim().slice(0, MAX_KEY_LENGTH).trimEnd();
    const identity = text.toLowerCase();
    if (/[\p{L}\p{N}]/u.test(text)) {
      return { key: `${KEEP_AS_WRITTEN_PREFIX}${identity}`, display: text, kind: "kept", asInput: keepAsWritten(text), known: false };
    }
  }
  const cleaned = cleanTopic(written.replace(/^=+/, ""));
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return { key: "", display: "", kind: "as-typed", asInput: "", known: false };
  const base = withoutFiller(singular(cleaned));
  const forms = [cleaned, squash(cleaned), singular(cleaned), squash(singular(cleaned)), withoutFiller(cleaned), base, squash(base)];
  for (const form of forms) {
    const match = FORMS.get(form);
    if (match !== undefined) return known(match.topic, match.kind, written);
  }
  const typo = typoOf(cleaned);
  if (typo !== undefined) return known(typo, "typo", written);
  return { key: squash(base), display: cleaned, kind: "as-typed", asInput: cleaned, known: false };
}

function known(topic: Topic, kind: "canonical" | "alias" | "plural" | "typo", written: string): NormalizedTopic {
  const result: NormalizedTopic = { key: topic.key, display: topic.display, kind, asInput: topic.display, known: true };
  if (kind !== "canonical") result.rewrittenFrom = written;
  return result;
}

/** Display form of a tag: "Interviews" → "interviewing", "reactjs" → "React". */
export function normalizeTopic(raw: string): string {
  return describeTopic(raw).display;
}

/** Identity key of a tag; use it to decide whether two tags are the same topic. */
export function topicKey(raw: string): string {
  return describeTopic(raw).key;
}

/** Distinct topics of a profile, first spelling wins, empty tags dropped. */
export function uniqueTopics(raw: readonly string[]): NormalizedTopic[] {
  const seen = new Set<string>();
  const topics: NormalizedTopic[] = [];
  for (const tag of raw) {
    const topic = describeTopic(tag);
    if (topic.key === "" || seen.has(topic.key)) continue;
    seen.add(topic.key);
    topics.push(topic);
  }
  return topics;
}

/** "CV, job hunting; Interviews" → ["cv", "job search", "interviewing"] (deduplicated). */
export function parseTopicList(text: string): string[] {
  return uniqueTopics(text.split(/[,;\n|]+/)).map((topic) => topic.display);
}

// ---------------------------------------------------------------------------------------------
// Families

const FAMILY_CREDIT: ReadonlyMap<string, ReadonlyMap<string, number>> = (() => {
  const credit = new Map<string, Map<string, number>>();
  for (const family of TOPIC_FAMILIES) {
    if (!(family.credit > 0 && family.credit < 1)) throw new Error(`topic family credit must be in (0, 1), got ${family.credit}`);
    const keys = family.members.map((name) => {
      const match = FORMS.get(cleanTopic(name));
      if (match === undefined || match.topic.display !== name) throw new Error(`topic family: "${name}" is not a known topic name`);
      return match.topic.key;
    });
    for (const a of keys) {
      for (const b of keys) {
        if (a === b) continue;
        const row = credit.get(a) ?? new Map<string, number>();
        row.set(b, Math.max(row.get(b) ?? 0, family.credit));
        credit.set(a, row);
      }
    }
  }
  return credit;
})();

/** Credit families give between two topic keys: 1 for the same key, the family credit (< 1), or 0. */
export function topicCredit(a: string, b: string): number {
  if (a === b) return a === "" ? 0 : 1;
  return FAMILY_CREDIT.get(a)?.get(b) ?? 0;
}

/** Family members of a topic key with their credit (empty for unknown topics). */
export function topicNeighbours(key: string): ReadonlyMap<string, number> {
  return FAMILY_CREDIT.get(key) ?? EMPTY;
}
const EMPTY: ReadonlyMap<string, number> = new Map();

/** The display name of a known topic key (undefined for others). */
export function knownTopicName(key: string): string | undefined {
  return KNOWN_BY_KEY.get(key)?.display;
}
