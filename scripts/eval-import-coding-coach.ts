// `npx tsx scripts/eval-import-coding-coach.ts <mentors.json> [out.json]`: turns Coding Coach's
// public mentor list (github.com/Coding-Coach/find-a-mentor, src/mentors.json, MIT) into the
// anonymised eval file eval/data/coding-coach-mentors.json. See eval/README.md for the source commit.
//
// Kept: tags (as written) and the role part of the title. Dropped: name, avatar, channels, country,
// languages, the original id, and anything in the title after " at " / "@" (the employer, which
// together with the rest could identify a person). Ids become cc-001, cc-002, ... in file order.
// Stage and industry are not in the source: both are derived from the role text only, with the
// rules below, so that the eval can build MentorInput profiles (documented in eval/README.md).
import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";

const sourceSchema = z.array(
  z.object({
    title: z.string(),
    tags: z.array(z.string()),
  }),
);

export function roleOf(title: string): string {
  return title
    .split(/\s+at\s+|\s*@/i)[0]!
    .replace(/https?:\/\/\S+/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function stageOf(role: string): "early" | "mid" | "senior" | "executive" {
  if (/\b(cto|ceo|co-ceo|vp|founder|co-founder|head|director|chief)\b/i.test(role)) return "executive";
  if (/\b(senior|sr\.?|lead|leader|principal|staff|architect|arch\.|manager)\b/i.test(role)) return "senior";
  if (/\b(junior|jr\.?|intern|student|trainee|apprentice)\b/i.test(role)) return "early";
  return "mid";
}

export function industryOf(role: string): string {
  if (/\b(consultant|contractor|freelance|freelancer|independent)\b/i.test(role)) return "IT Services and IT Consulting";
  if (/\bsecurity\b/i.test(role)) return "Computer and Network Security";
  if (/\bgame/i.test(role)) return "Computer Games";
  if (/\b(teacher|instructor|trainer|bootcamp)\b/i.test(role)) return "Education";
  return "Software Development";
}

function main(): void {
  const [input, output = "eval/data/coding-coach-mentors.json"] = process.argv.slice(2);
  if (input === undefined) throw new Error("usage: tsx scripts/eval-import-coding-coach.ts <mentors.json> [out.json]");
  const parsed = sourceSchema.safeParse(JSON.parse(readFileSync(input, "utf8")));
  if (!parsed.success) throw new Error(`${input}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const mentors = parsed.data.map((m, i) => {
    const role = roleOf(m.title);
    return {
      id: `cc-${String(i + 1).padStart(3, "0")}`,
      role,
      tags: m.tags,
      stage: stageOf(role),
      industry: industryOf(role),
    };
  });
  writeFileSync(output, `${JSON.stringify({ mentors }, null, 1)}\n`);
  console.log(`${mentors.length} mentors written to ${output}`);
}

main();
