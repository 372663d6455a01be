// npm run demo: seeds a small community from examples/community.json into a fresh database and
// plays a full story through the local console — the real command handlers, matching and SQLite:
// profiles, suggestions, a request, accept, moderator review, an action point and a scheduled call
// (with its .ics invite and reminders as the clock moves), the end with feedback, a
// matching round and the statistics.
//   npm run demo [-- --input other.json] [-- --database file:./data/demo.db]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { runConsole } from "../src/console/index.js";
import { openDatabase } from "../src/db/client.js";
import { runDueJobs } from "../src/jobs/expiry.js";
import { buildIndex, parseCommunityFile, type CommunityFile } from "../src/matching/index.js";

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Console handles: first names, lowercased, unique across the whole community. */
function handlesFor(names: string[]): string[] {
  const used = new Map<string, number>();
  return names.map((name) => {
    const base = (name.split(/\s+/)[0] ?? "").toLowerCase().replace(/[^a-z0-9_-]/g, "") || "member";
    const count = used.get(base) ?? 0;
    used.set(base, count + 1);
    return count === 0 ? base : `${base}${count + 1}`;
  });
}

export function demoScript(community: CommunityFile): string[] {
  const handles = handlesFor([...community.mentors.map((m) => m.name), ...community.mentees.map((m) => m.name)]);
  const mentorHandles = handles.slice(0, community.mentors.length);
  const menteeHandles = handles.slice(community.mentors.length);
  const lines: string[] = ["# 1. Mentors and mentees create their profiles"];
  community.mentors.forEach((m, i) => {
    lines.push(`/as ${mentorHandles[i]}`);
    lines.push(
      `/mentor profile industry:${quote(m.industry)} stage:${m.stage} topics:${quote(m.topics.join(", "))} about:${quote(m.about)} capacity:${m.capacity} advises:${m.advises}`,
    );
    if (!m.available) lines.push("/mentor availability status:off");
  });
  community.mentees.forEach((m, i) => {
    const career = m.changingCareer && m.targetIndustry ? ` changing-career:true target-industry:${quote(m.targetIndustry)}` : "";
    lines.push(`/as ${menteeHandles[i]}`);
    lines.push(
      `/mentee profile industry:${quote(m.industry)} stage:${m.stage} topics:${quote(m.topics.join(", "))} about:${quote(m.about)} accepts-from:${m.acceptsFrom}${career}`,
    );
  });

  // The story follows the first mentee and the mentor the engine ranks first for them.
  const mentee = community.mentees[0];
  if (mentee === undefined) throw new Error("the community file has no mentee");
  const best = buildIndex({ mentors: community.mentors, mentees: community.mentees }).topMentors(mentee.id, 1)[0];
  if (best === undefined) throw new Error(`no mentor fits ${mentee.name}; the demo needs one`);
  const mentorHandle = mentorHandles[community.mentors.findIndex((m) => m.id === best.mentorId)];
  const menteeHandle = menteeHandles[0];
  lines.push(
    "# 2. A mentee looks at suggestions and requests the best mentor",
    `/as ${menteeHandle}`,
    "/match find",
    `/match request mentor:@${mentorHandle} message:"I'd love help preparing for interviews this spring."`,
    "# 3. The mentor accepts from their DM",
    `/as ${mentorHandle}`,
    "/press accept-1",
    "# 4. A moderator reviews the match",
    "/as mia --mod",
    "/mod queue",
    "/mod approve match:1",
    "# 5. After their first call: an action point with a due date, and the next call with an invite",
    `/as ${mentorHandle}`,
    `/match note match:1 text:"Rewrite the CV summary and send it to me." due:${inDays(3)} for:@${menteeHandle}`,
    '/match schedule match:1 when:"in 2 days 18:00" duration:45 where:"Video call"',
    `/as ${menteeHandle}`,
    "/match actions match:1",
    "# A day later the 24-hour reminder comes; two more days: the call was held, the action is due",
    "/clock +1d",
    "/clock +2d",
    "/match sessions match:1",
    "# 6. A month later the mentee ends the match with feedback",
    "/clock +30d",
    '/match end match:1 rating:5 feedback:"Two mock interviews made all the difference."',
    "# 7. A moderator runs a matching round for everyone still waiting, then reads the statistics",
    "/as mia --mod",
    "/mod round",
    "/mod queue",
    "/mod stats",
  );
  return lines;
}

/** A calendar date `days` from now (the console's clock starts at the real time). */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function main(): Promise<void> {
  const input = argument("--input") ?? path.join(import.meta.dirname, "..", "examples", "community.json");
  const parsed = parseCommunityFile(readFileSync(input, "utf8"));
  if (!parsed.ok) {
    process.stderr.write(`${input}: ${parsed.errors.join("; ")}\n`);
    process.exit(2);
  }
  const given = argument("--database");
  const dir = given === undefined ? mkdtempSync(path.join(os.tmpdir(), "mentor-bot-demo-")) : null;
  const database = await openDatabase(given ?? `file:${path.join(dir ?? "", "demo.db")}`);
  const code = await runConsole({
    db: database.db,
    input: Readable.from(demoScript(parsed.community).map((line) => `${line}\n`)),
    output: process.stdout,
    interactive: false,
    tick: async (deps) => {
      await runDueJobs(deps);
    },
  });
  await database.close();
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}

if (process.argv[1] !== undefined && import.meta.filename === path.resolve(process.argv[1])) await main();
