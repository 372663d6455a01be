// npm run bench:import-file -- <members> <out.csv>
// Writes a sign-up export of that many members (about 45% mentors, 70% mentees, some both) for
// timing `npm run import` on a big server; quoted fields with commas, quotes and line breaks on purpose.
import { createWriteStream } from "node:fs";

const members = Number(process.argv[2] ?? "10000");
const out = process.argv[3] ?? "import-bench.csv";
if (!Number.isInteger(members) || members < 1) {
  console.error("usage: npm run bench:import-file -- <members> <out.csv>");
  process.exit(2);
}
const TOPICS = ["cv", "interviewing", "salary negotiation", "system design", "leadership", "public speaking", "data science", "career switch", "Resumes", "job hunting", "networking", "portfolio"];
const INDUSTRIES = ["software", "FinTech", "retail", "healthcare", "banking", "data science", "education"];
const STAGES = ["student", "early", "mid", "senior", "executive"];
let seed = 42;
const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
const topics = () => `"${[...new Set(Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(TOPICS)))].join(", ")}"`;
const stream = createWriteStream(out);
stream.write("discord_id,role,name,industry,stage,topics,about,capacity,accepts_from\n");
for (let i = 0; i < members; i++) {
  const id = String(300000000000000000n + BigInt(i));
  const name = `"Member ${i}, ""M${i % 97}"""`;
  const mentor = r() < 0.45;
  if (mentor) stream.write(`${id},mentor,${name},${pick(INDUSTRIES)},${pick(STAGES.slice(2))},${topics()},"I can help with interviews, CVs and offers.\nAsk me anything.",${1 + Math.floor(r() * 3)},\n`);
  if (!mentor || r() < 0.3) stream.write(`${id},mentee,${name},${pick(INDUSTRIES)},${pick(STAGES.slice(0, 3))},${topics()},I want advice on my next career step.,,anyone\n`);
}
stream.end(() => console.log(`wrote ${out} (${members} members)`));
