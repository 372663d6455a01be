// `npm run eval [-- --details]`: runs the labelled cases of eval/sets/*.json against the matching
// engine and prints one JSON line per set:
//   {"set","cases","top1","ndcg5","aliasRecall","mergeErrors","ms"}
// (null where a metric does not apply to the set's kind). --details also lists, on stderr, every
// case that missed. eval/README.md describes the sets, their sources and the metrics.
//
// Only long-standing engine functions are used (buildIndex/topMentors, topicKey,
// normalizeIndustry, industryRelation, KNOWN_INDUSTRIES), so the same script measures older
// versions of the engine too.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import {
  buildIndex,
  formatIssues,
  industryRelation,
  KNOWN_INDUSTRIES,
  normalizeIndustry,
  topicKey,
} from "../src/matching/index.js";
import type { MenteeInput, MentorInput } from "../src/matching/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const setsDir = join(root, "eval", "sets");

const stage = z.enum(["student", "early", "mid", "senior", "executive"]);
const regex = z.string().refine((s) => {
  try {
    new RegExp(s, "i");
    return true;
  } catch {
    return false;
  }
}, "expected a valid regular expression");

const rankingSet = z.strictObject({
  set: z.string().min(1),
  kind: z.literal("ranking"),
  description: z.string(),
  mentors: z.string().min(1),
  k: z.number().int().min(1).max(50),
  cases: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        mentee: z.strictObject({
          stage,
          industry: z.string(),
          topics: z.array(z.string()),
          about: z.string(),
          changingCareer: z.boolean().optional(),
          targetIndustry: z.string().optional(),
        }),
        accept: z.array(
          z.union([
            z.strictObject({ tag: regex, grade: z.number().int().min(1).max(3) }),
            z.strictObject({ role: regex, grade: z.number().int().min(1).max(3) }),
          ]),
        ),
        wrong: z.array(regex).optional(),
      }),
    )
    .min(1),
});

const topicsSet = z.strictObject({
  set: z.string().min(1),
  kind: z.literal("topics"),
  description: z.string(),
  excludedLinguistAliases: z.record(z.string(), z.string()).optional(),
  aliases: z.array(z.strictObject({ source: z.string(), canonical: z.string().min(1), variants: z.array(z.string().min(1)) })),
  distinct: z.array(z.strictObject({ a: z.string().min(1), b: z.string().min(1) })),
});

const labelsSet = z.strictObject({
  set: z.string().min(1),
  kind: z.literal("industry-labels"),
  description: z.string(),
  labels: z.array(z.string().min(1)).min(1),
});

const pair = z.strictObject({ a: z.string().min(1), b: z.string().min(1) });
const pairsSet = z.strictObject({
  set: z.string().min(1),
  kind: z.literal("industry-pairs"),
  description: z.string(),
  alias: z.array(z.strictObject({ text: z.string().min(1), label: z.string().min(1) })),
  related: z.array(pair),
  different: z.array(pair),
  unrelated: z.array(pair),
});

const evalSet = z.discriminatedUnion("kind", [rankingSet, topicsSet, labelsSet, pairsSet]);
type EvalSet = z.infer<typeof evalSet>;

const mentorsFile = z.strictObject({
  mentors: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        role: z.string(),
        tags: z.array(z.string()),
        stage,
        industry: z.string().min(1),
      }),
    )
    .min(1),
});
type EvalMentor = z.infer<typeof mentorsFile>["mentors"][number];

/** JSON file → schema, or an error naming the file and the field. */
function load<T>(file: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(formatIssues(parsed.error.issues).map((line) => `${file}: ${line}`).join("\n"));
  return parsed.data;
}

interface Line {
  set: string;
  cases: number;
  top1: number | null;
  ndcg5: number | null;
  aliasRecall: number | null;
  mergeErrors: number | null;
  ms: number;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const details = process.argv.includes("--details");
const miss = (set: string, text: string): void => {
  if (details) process.stderr.write(`[${set}] ${text}\n`);
};

function dcg(grades: readonly number[]): number {
  return grades.reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
}

function evalRanking(set: z.infer<typeof rankingSet>, file: string): Omit<Line, "ms"> {
  const mentorData = load(resolve(dirname(file), set.mentors), mentorsFile).mentors;
  const mentors: MentorInput[] = mentorData.map((m) => ({
    id: m.id,
    name: m.id,
    industry: m.industry,
    stage: m.stage,
    topics: m.tags,
    about: m.role,
    capacity: 2,
    activeCount: 0,
    available: true,
    advises: "anyone",
  }));
  const mentees: MenteeInput[] = set.cases.map((c) => ({
    id: c.id,
    name: c.id,
    industry: c.mentee.industry,
    stage: c.mentee.stage,
    changingCareer: c.mentee.changingCareer ?? false,
    targetIndustry: c.mentee.targetIndustry ?? null,
    topics: c.mentee.topics,
    about: c.mentee.about,
    acceptsFrom: "anyone",
  }));
  const index = buildIndex({ mentors, mentees });
  const byId = new Map(mentorData.map((m) => [m.id, m]));
  let top1 = 0;
  let ndcg = 0;
  let mergeErrors = 0;
  for (const c of set.cases) {
    const gradeOf = (m: EvalMentor): number => {
      let grade = 0;
      for (const rule of c.accept) {
        const re = new RegExp("tag" in rule ? rule.tag : rule.role, "i");
        const hit = "tag" in rule ? m.tags.some((t) => re.test(t.trim())) : re.test(m.role);
        if (hit) grade = Math.max(grade, rule.grade);
      }
      return grade;
    };
    const grades = new Map(mentorData.map((m) => [m.id, gradeOf(m)]));
    const ideal = [...grades.values()].filter((g) => g > 0).sort((a, b) => b - a);
    const ranked = index.topMentors(c.id, set.k);
    const got = ranked.map((r) => grades.get(r.mentorId) ?? 0);
    const best = ideal[0] ?? 0;
    if (best === 0) {
      // Nobody can help: the right answer is "no strong match yet", not filler.
      if (ranked.length === 0) {
        top1++;
        ndcg++;
      } else {
        miss(set.set, `${c.id}: expected no suggestion, got ${ranked.map((r) => `${r.mentorId} (${r.reasons.join("; ")})`).join(" | ")}`);
      }
    } else {
      if (got[0] === best) top1++;
      else miss(set.set, `${c.id}: top1 ${ranked[0]?.mentorId ?? "none"} grade ${got[0] ?? 0} (best ${best}); reasons: ${ranked[0]?.reasons.join("; ") ?? ""}`);
      ndcg += dcg(got) / dcg(ideal.slice(0, set.k));
    }
    const wrong = (c.wrong ?? []).map((w) => new RegExp(w, "i"));
    for (const r of ranked) {
      const m = byId.get(r.mentorId);
      if (m === undefined || (grades.get(m.id) ?? 0) > 0) continue;
      if (m.tags.some((t) => wrong.some((re) => re.test(t.trim())))) {
        mergeErrors++;
        miss(set.set, `${c.id}: merge error, ${m.id} [${m.tags.join(", ")}] suggested: ${r.reasons.join("; ")}`);
      }
    }
  }
  const n = set.cases.length;
  return { set: set.set, cases: n, top1: round3(top1 / n), ndcg5: round3(ndcg / n), aliasRecall: null, mergeErrors };
}

function evalTopics(set: z.infer<typeof topicsSet>): Omit<Line, "ms"> {
  let total = 0;
  let matched = 0;
  for (const group of set.aliases) {
    const key = topicKey(group.canonical);
    for (const variant of group.variants) {
      total++;
      if (topicKey(variant) === key && key !== "") matched++;
      else miss(set.set, `alias missed: ${JSON.stringify(variant)} → ${JSON.stringify(topicKey(variant))}, ${JSON.stringify(group.canonical)} → ${JSON.stringify(key)}`);
    }
  }
  let mergeErrors = 0;
  for (const { a, b } of set.distinct) {
    const key = topicKey(a);
    if (key !== "" && key === topicKey(b)) {
      mergeErrors++;
      miss(set.set, `merged: ${JSON.stringify(a)} and ${JSON.stringify(b)} → ${JSON.stringify(key)}`);
    }
  }
  return { set: set.set, cases: total + set.distinct.length, top1: null, ndcg5: null, aliasRecall: round3(matched / total), mergeErrors };
}

function evalLabels(set: z.infer<typeof labelsSet>): Omit<Line, "ms"> {
  const known = new Set(KNOWN_INDUSTRIES);
  const byKey = new Map<string, string[]>();
  let mapped = 0;
  for (const label of set.labels) {
    const key = normalizeIndustry(label);
    byKey.set(key, [...(byKey.get(key) ?? []), label]);
    if (known.has(key)) mapped++;
    else miss(set.set, `not a known industry: ${JSON.stringify(label)} → ${JSON.stringify(key)}`);
  }
  let mergeErrors = 0;
  for (const [key, labels] of byKey) {
    if (labels.length > 1) {
      mergeErrors += labels.length - 1;
      miss(set.set, `one key ${JSON.stringify(key)} for ${labels.join(" | ")}`);
    }
  }
  return { set: set.set, cases: set.labels.length, top1: null, ndcg5: null, aliasRecall: round3(mapped / set.labels.length), mergeErrors };
}

function evalPairs(set: z.infer<typeof pairsSet>): Omit<Line, "ms"> {
  const known = new Set(KNOWN_INDUSTRIES);
  let met = 0;
  for (const { text, label } of set.alias) {
    const key = normalizeIndustry(text);
    if (key === normalizeIndustry(label) && known.has(key)) met++;
    else miss(set.set, `alias: ${JSON.stringify(text)} → ${JSON.stringify(key)}, expected ${JSON.stringify(label)} (${JSON.stringify(normalizeIndustry(label))})`);
  }
  const relation = (a: string, b: string): string => industryRelation(normalizeIndustry(a), normalizeIndustry(b));
  for (const { a, b } of set.related) {
    if (relation(a, b) !== "unrelated") met++;
    else miss(set.set, `not related: ${a} ~ ${b}`);
  }
  let mergeErrors = 0;
  for (const { a, b } of set.different) {
    if (normalizeIndustry(a) === normalizeIndustry(b)) {
      mergeErrors++;
      miss(set.set, `merged: ${a} = ${b} (${normalizeIndustry(a)})`);
    }
  }
  for (const { a, b } of set.unrelated) {
    if (relation(a, b) !== "unrelated") {
      mergeErrors++;
      miss(set.set, `wrongly related: ${a} ~ ${b} (${relation(a, b)})`);
    }
  }
  const cases = set.alias.length + set.related.length + set.different.length + set.unrelated.length;
  return { set: set.set, cases, top1: null, ndcg5: null, aliasRecall: round3(met / (set.alias.length + set.related.length)), mergeErrors };
}

function evaluate(set: EvalSet, file: string): Omit<Line, "ms"> {
  switch (set.kind) {
    case "ranking":
      return evalRanking(set, file);
    case "topics":
      return evalTopics(set);
    case "industry-labels":
      return evalLabels(set);
    case "industry-pairs":
      return evalPairs(set);
  }
}

function main(): void {
  const files = readdirSync(setsDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => join(setsDir, f));
  if (files.length === 0) throw new Error(`no eval sets in ${setsDir}`);
  const sets = files.map((file) => ({ file, set: load(file, evalSet) }));
  for (const { file, set } of sets) {
    const start = performance.now();
    const line = evaluate(set, file);
    console.log(JSON.stringify({ ...line, ms: Math.round((performance.now() - start) * 10) / 10 }));
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
