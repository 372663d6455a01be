import jaroWinkler from "natural/lib/natural/distance/jaro-winkler_distance.js";
import levenshteinDistances from "natural/lib/natural/distance/levenshtein_distance.js";
import { cleanKey } from "./industry.js";
import { stem } from "./nlp.js";

/**
 * Canonical topics (display form) and the other ways people write them. Plural/verb forms need
 * not be listed: keys are compared after Porter stemming ("interviews" ≡ "interview").
 */
const TOPIC_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  cv: ["resume", "curriculum vitae", "cv writing", "resume writing", "cv review", "resume review"],
  "cover letters": ["motivation letter", "covering letter"],
  interviewing: ["interviews", "interview prep", "interview preparation", "job interviews", "mock interviews", "interview skills"],
  "technical interviews": ["coding interviews", "leetcode", "system design interviews", "tech interviews"],
  "case interviews": ["case studies", "case study interviews"],
  "salary negotiation": [
    "negotiating salary", "pay negotiation", "compensation negotiation", "negotiating pay",
    "negotiating offers", "offer negotiation", "salary", "compensation",
  ],
  "job search": ["job hunting", "job hunt", "job seeking", "finding a job", "job applications", "applying for jobs"],
  "career switch": ["career change", "changing careers", "career transition", "switching careers", "career pivot", "changing industries"],
  networking: ["building a network", "professional networking", "network building"],
  linkedin: ["linkedin profile", "linkedin optimisation", "linkedin optimization"],
  "personal branding": ["personal brand", "building a personal brand"],
  leadership: ["leading teams", "leadership skills", "becoming a leader"],
  "people management": ["managing people", "team management", "managing teams", "first time manager", "new manager", "line management"],
  promotion: ["getting promoted", "asking for a promotion"],
  "career progression": ["career growth", "career development", "career advancement", "career planning", "career path"],
  "work-life balance": ["work life balance", "worklife balance"],
  burnout: ["burn out", "stress management"],
  "imposter syndrome": ["impostor syndrome"],
  confidence: ["self confidence", "self belief"],
  "public speaking": ["presenting", "presentation skills", "presentations"],
  "communication skills": ["communication", "communicating"],
  "stakeholder management": ["managing stakeholders", "stakeholders"],
  "graduate schemes": ["grad schemes", "graduate programmes", "graduate programs", "graduate jobs", "grad jobs", "first job"],
  internships: ["placements", "placement year", "work experience"],
  freelancing: ["freelance", "contracting", "self employment"],
  entrepreneurship: ["starting a business", "founding a startup", "startups", "start ups"],
  "product management": ["product manager", "becoming a product manager"],
  "project management": ["project manager", "agile", "scrum"],
  "data science": ["data scientist", "machine learning careers"],
  "software engineering": ["coding", "programming", "software development", "learning to code"],
  portfolio: ["portfolio review", "building a portfolio"],
  "returning to work": ["career break", "career gap", "return to work", "returnships"],
  "remote work": ["working remotely", "remote jobs"],
  "working abroad": ["relocation", "moving abroad", "visas", "visa sponsorship", "relocating"],
  "further study": ["masters", "postgraduate study", "phd", "going back to school"],
  mba: ["business school", "mba applications"],
  certifications: ["professional certifications", "certificates", "qualifications"],
  "time management": ["productivity", "prioritisation", "prioritization"],
  "performance reviews": ["appraisals", "self review"],
  "diversity and inclusion": ["dei", "d and i", "edi", "inclusion"],
  "women in tech": ["women in technology", "women in stem"],
  hiring: ["recruiting", "recruitment", "hiring managers"],
  "assessment centres": ["assessment centers", "aptitude tests", "psychometric tests", "online tests"],
  "career exploration": ["choosing a career", "career options", "exploring careers"],
  "side projects": ["side project", "side hustle", "passion projects"],
  "workplace politics": ["office politics", "difficult colleagues", "difficult conversations"],
  mentoring: ["mentorship", "being a mentor"],
  "parental leave": ["maternity leave", "paternity leave", "working parents"],
  neurodiversity: ["adhd", "autism", "dyslexia", "neurodivergent"],
  "breaking into finance": ["finance careers", "investment banking careers"],
  "breaking into tech": ["tech careers", "getting into tech"],
  "breaking into consulting": ["consulting careers"],
  "ux design": ["ux", "user experience", "ui ux", "product design"],
  marketing: ["digital marketing", "growth marketing"],
  sales: ["selling", "business development"],
  "public sector careers": ["civil service", "government jobs"],
};

/** Canonical topic display keys, sorted: what Discord autocomplete offers. */
export const KNOWN_TOPICS: readonly string[] = Object.keys(TOPIC_SYNONYMS).sort();

// Function words carry no topic meaning: "applying for jobs" ≡ "apply to jobs".
const TOPIC_FILLER = new Set(["a", "an", "the", "for", "of", "to", "in", "on", "my", "your", "with", "and"]);

/** Identity of a cleaned topic: stemmed words without filler, space-separated. */
function stemKey(cleaned: string): string {
  const words = cleaned.split(" ").filter((w) => w !== "");
  const content = words.filter((w) => !TOPIC_FILLER.has(w));
  return (content.length > 0 ? content : words).map(stem).join(" ");
}

/** Stem key of every canonical topic and synonym → canonical display key. */
const CANONICAL_BY_KEY: ReadonlyMap<string, string> = (() => {
  const byKey = new Map<string, string>();
  for (const [canonical, synonyms] of Object.entries(TOPIC_SYNONYMS)) {
    for (const spelling of [canonical, ...synonyms]) {
      const key = stemKey(cleanKey(spelling));
      const previous = byKey.get(key);
      if (previous !== undefined && previous !== canonical) {
        throw new Error(`topic synonym table: "${spelling}" is claimed by "${previous}" and "${canonical}"`);
      }
      byKey.set(key, canonical);
    }
  }
  return byKey;
})();
const KNOWN_KEYS: readonly string[] = [...CANONICAL_BY_KEY.keys()];

/**
 * Near spelling of a known topic key ("intervewing", "salery negotiation")? Both rules demand the
 * same first letter and a reasonably long word: short keys are too easily confused ("sales" vs
 * "salary"), and typos rarely hit the first letter. Jaro-Winkler alone also matches different
 * topics sharing a long prefix ("program management" vs "product management"), hence the
 * additional edit-distance cap.
 */
function fuzzyCanonical(key: string): string | undefined {
  if (key.length < 5) return undefined;
  let best: string | undefined;
  let bestSimilarity = 0;
  for (const known of KNOWN_KEYS) {
    if (known[0] !== key[0] || known.length < 5 || Math.abs(known.length - key.length) > 2) continue;
    const similarity = jaroWinkler(key, known);
    if (similarity <= bestSimilarity || similarity < 0.88) continue;
    const edits = levenshteinDistances.LevenshteinDistance(key, known);
    const close = (similarity >= 0.92 && edits <= 2) || (edits <= 1 && Math.min(key.length, known.length) >= 6);
    if (close) {
      best = known;
      bestSimilarity = similarity;
    }
  }
  return best === undefined ? undefined : CANONICAL_BY_KEY.get(best);
}

export interface NormalizedTopic {
  /** Identity: two tags are the same topic iff their keys are equal. */
  key: string;
  /** What people see: the canonical name of a known topic, else the cleaned tag. */
  display: string;
}

const TOPIC_CACHE_LIMIT = 50_000;
const topicCache = new Map<string, NormalizedTopic>();

/** Key and display form of a raw tag; both are "" for a tag with no letters or digits. */
export function analyzeTopic(raw: string): NormalizedTopic {
  const cached = topicCache.get(raw);
  if (cached !== undefined) return cached;
  const cleaned = cleanKey(raw);
  let result: NormalizedTopic;
  if (cleaned === "") {
    result = { key: "", display: "" };
  } else {
    const key = stemKey(cleaned);
    const canonical = CANONICAL_BY_KEY.get(key) ?? fuzzyCanonical(key);
    result = canonical === undefined ? { key, display: cleaned } : { key: stemKey(cleanKey(canonical)), display: canonical };
  }
  if (topicCache.size >= TOPIC_CACHE_LIMIT) topicCache.clear();
  topicCache.set(raw, result);
  return result;
}

/** Canonical display key of a tag: "Interviews" → "interviewing", "Resumes" → "cv". */
export function normalizeTopic(raw: string): string {
  return analyzeTopic(raw).display;
}

/** Identity key of a tag (stemmed); use it to decide whether two tags are the same topic. */
export function topicKey(raw: string): string {
  return analyzeTopic(raw).key;
}

/** Distinct topics of a profile, first spelling wins, empty tags dropped. */
export function uniqueTopics(raw: readonly string[]): NormalizedTopic[] {
  const seen = new Set<string>();
  const topics: NormalizedTopic[] = [];
  for (const tag of raw) {
    const topic = analyzeTopic(tag);
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
