// Synthetic communities with realistic shapes: Zipf-like topic and word popularity, skewed
// industries and stages, a few picky preferences. Deterministic for a given seed.
import { KNOWN_INDUSTRIES } from "../src/matching/industry.js";
import { STAGES } from "../src/matching/stage.js";
import { KNOWN_TOPICS } from "../src/matching/topics.js";
import type { AcceptsFrom, Advises, MenteeInput, MentorInput, Stage } from "../src/matching/types.js";

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sampler over `items` with P(rank r) ∝ 1 / r^s (items shuffled first so ranks are random). */
export function zipf<T>(items: readonly T[], s: number, random: () => number): () => T {
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as T, shuffled[i] as T];
  }
  const cumulative = new Float64Array(shuffled.length);
  let total = 0;
  for (let r = 0; r < shuffled.length; r++) {
    total += 1 / Math.pow(r + 1, s);
    cumulative[r] = total;
  }
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return shuffled[lo] as T;
  };
}

const EXTRA_TOPICS = [
  "python", "sql", "excel", "aws", "kubernetes", "react", "figma", "tableau", "power bi", "seo",
  "copywriting", "financial modelling", "valuation", "audit", "tax", "compliance", "risk management",
  "procurement", "supply chain", "operations", "lean six sigma", "quality assurance", "clinical trials",
  "regulatory affairs", "grant writing", "fundraising", "policy analysis", "teaching", "curriculum design",
  "academic research", "statistics", "machine learning", "deep learning", "nlp", "computer vision",
  "cloud architecture", "devops", "security operations", "penetration testing", "ux research",
  "accessibility", "content strategy", "brand strategy", "growth hacking", "b2b sales", "account management",
  "customer success", "employer branding", "okrs", "budgeting", "pitching investors", "product strategy",
  "roadmapping", "user interviews", "a/b testing", "data visualisation", "storytelling", "technical writing",
  "blogging", "open source", "hackathons", "game development", "embedded systems", "robotics", "cad",
  "sustainability", "esg", "energy trading", "real estate investing", "legal tech", "contract law",
  "ip law", "journalism", "podcasting", "video production", "photography", "event management",
  "hospitality management", "retail management", "ecommerce", "logistics", "agile coaching",
  "change management", "executive coaching", "mental health", "unions", "non-executive roles",
  "board roles", "angel investing", "tech sales", "solutions engineering", "site reliability",
  "mobile development", "frontend", "backend", "data engineering", "analytics engineering",
  "actuarial exams", "cfa", "acca",
];

/** ~150 topics: the canonical ones plus specialised skills. */
export const TOPIC_POOL: readonly string[] = [...KNOWN_TOPICS, ...EXTRA_TOPICS];

const COMMON_WORDS = (
  "interview interviews salary negotiation negotiate offer offers promotion promoted manager managers " +
  "management team teams leadership lead leading role roles job jobs first junior senior graduate " +
  "scheme schemes cv resume portfolio portfolios application applications apply applying network " +
  "networking linkedin brand personal public speaking confidence imposter syndrome balance burnout " +
  "switch change changing moving move moved transition industry industries company companies startup " +
  "startups corporate consulting finance banking fintech software engineering engineer engineers data " +
  "science scientist analyst analytics product design designer marketing sales growth strategy " +
  "operations policy government health nurse hospital pharma research lab laboratory teacher teaching " +
  "school university degree masters mba phd course courses certification certifications skills skill " +
  "technical coding code python javascript sql cloud security system systems architecture review " +
  "feedback mock practice preparing prepare preparation stakeholder stakeholders communication " +
  "presenting presentation writing projects project side hackathon freelance freelancing contract " +
  "remote relocation visa abroad london berlin parents parental leave return returning break gap " +
  "mentoring mentor coaching difficult conversations peers former hiring recruiter recruiters " +
  "assessment centre tests case study studies pay package equity bonus progression growth plan " +
  "planning goals goal ambition confidence decision decisions options path paths pivot"
).split(" ");

function pseudoWord(random: () => number): string {
  const syllables = ["ka", "lo", "mi", "ren", "tor", "sa", "vel", "qu", "zin", "dra", "pe", "mon", "tri", "xa", "bel", "or", "un", "is"];
  const parts = 2 + Math.floor(random() * 2);
  let word = "";
  for (let i = 0; i < parts; i++) word += syllables[Math.floor(random() * syllables.length)];
  return word;
}

export interface GenerateOptions {
  mentors: number;
  mentees: number;
  seed: number;
}

export function generateCommunity(options: GenerateOptions): { mentors: MentorInput[]; mentees: MenteeInput[] } {
  const random = prng(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const topic = zipf(TOPIC_POOL, 1.0, random);
  const vocabulary = [...new Set([...COMMON_WORDS, ...Array.from({ length: 2500 }, () => pseudoWord(random))])];
  const word = zipf(vocabulary, 1.1, random);
  const industry = zipf(KNOWN_INDUSTRIES, 0.8, random);
  const fillers = ["i", "can", "help", "with", "and", "the", "my", "to", "for", "about", "in", "on", "a"];

  const topics = (): string[] => {
    const count = 2 + Math.floor(random() * 5); // 2..6
    const chosen = new Set<string>();
    while (chosen.size < count) chosen.add(topic());
    return [...chosen];
  };
  const about = (): string => {
    const length = 15 + Math.floor(random() * 26); // 15..40 words
    const words: string[] = [];
    for (let i = 0; i < length; i++) words.push(random() < 0.3 ? pick(fillers) : word());
    words.push("."); // join, not concatenation: a flat string, as JSON or a database would give
    return words.join(" ");
  };
  const stage = (weights: readonly number[]): Stage => {
    let x = random() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i] ?? 0;
      if (x < 0) return STAGES[i] as Stage;
    }
    return "executive";
  };
  const preference = <T>(common: T, rare: readonly T[]): T => (random() < 0.8 ? common : pick(rare));

  const mentors: MentorInput[] = [];
  for (let i = 0; i < options.mentors; i++) {
    const capacity = 1 + Math.floor(random() * 4);
    mentors.push({
      id: `m${i}`,
      name: `Mentor ${i}`,
      industry: industry(),
      stage: stage([0.02, 0.15, 0.38, 0.33, 0.12]),
      topics: topics(),
      about: about(),
      capacity,
      activeCount: random() < 0.7 ? 0 : Math.floor(random() * (capacity + 1)),
      available: random() < 0.9,
      advises: preference<Advises>("anyone", ["same-industry", "early-only"]),
    });
  }
  const mentees: MenteeInput[] = [];
  for (let i = 0; i < options.mentees; i++) {
    const changing = random() < 0.15;
    mentees.push({
      id: `s${i}`,
      name: `Mentee ${i}`,
      industry: industry(),
      stage: stage([0.3, 0.4, 0.22, 0.07, 0.01]),
      changingCareer: changing,
      targetIndustry: changing ? industry() : null,
      topics: topics(),
      about: about(),
      acceptsFrom: preference<AcceptsFrom>("anyone", ["same-industry", "senior-plus"]),
    });
  }
  return { mentors, mentees };
}
