// npm run bench:capacity [-- 100000]: the aggregate queries behind /mod stats's capacity part on a
// real SQLite file with N members (a tenth of them mentors), matches over 12 weeks and office
// hours, inserted directly for speed. Prints the time of capacityReport and of rendering the charts.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { toPng } from "../src/charts/index.js";
import { openDatabase } from "../src/db/client.js";
import { capacityReport } from "../src/services/capacity.js";
import { reportCharts } from "../src/services/report.js";

const members = Number(process.argv[2] ?? 100_000);
const GUILD = "100000000000000042";
const NOW = Date.parse("2026-11-30T12:00:00Z");
const DAY = 86_400_000;
/** DateTime as Prisma's SQLite adapter stores it. */
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace("Z", "+00:00"));
const dir = mkdtempSync(path.join(os.tmpdir(), "mentor-bot-bench-capacity-"));
const file = path.join(dir, "bench.db");
const database = await openDatabase(`file:${file}`);
await database.close();

const raw = new Database(file);
raw.pragma("synchronous = OFF");
const topics = ["interviewing", "cv", "salary negotiation", "networking", "career switch", "system design", "leadership", "portfolio review"];
raw.transaction(() => {
  const topic = raw.prepare("INSERT INTO Topic (key, label) VALUES (?, ?)");
  topics.forEach((t) => topic.run(t, t));
  const profile = raw.prepare("INSERT INTO Profile (guildId, userId, displayName, industry, stage, isMentor, isMentee, mentorCapacity, menteeSince, menteeWaitingSince, createdAt, updatedAt) VALUES (?, ?, ?, 'software', ?, ?, ?, ?, ?, ?, ?, ?)");
  const link = raw.prepare("INSERT INTO ProfileTopic (profileId, topicId, role, guildId) VALUES (?, ?, ?, ?)");
  for (let i = 1; i <= members; i++) {
    const mentor = i % 10 === 0;
    const since = NOW - ((i * 7919) % 120) * DAY;
    profile.run(GUILD, String(500000000000000000n + BigInt(i)), `Member ${i}`, mentor ? "senior" : "student", mentor ? 1 : 0, mentor ? 0 : 1, 2, mentor ? null : iso(since), mentor ? null : iso(since), iso(since), iso(since));
    const first = i % topics.length;
    link.run(i, first + 1, mentor ? "mentor" : "mentee", GUILD);
    link.run(i, ((first + 1 + (i % 3)) % topics.length) + 1, mentor ? "mentor" : "mentee", GUILD);
  }
  const match = raw.prepare("INSERT INTO Match (guildId, mentorProfileId, menteeProfileId, status, score, explanation, activatedAt, closedAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, 0.5, '{}', ?, ?, ?, ?)");
  for (let i = 1; i <= members / 5; i++) {
    const mentee = i * 3 + 1;
    if (mentee % 10 === 0 || mentee > members) continue;
    const activated = NOW - ((i * 31) % 84) * DAY;
    const ended = i % 3 === 0 ? activated + 30 * DAY : null;
    match.run(GUILD, ((i % (members / 10)) + 1) * 10, mentee, ended === null || ended > NOW ? "active" : "ended", iso(activated), ended !== null && ended <= NOW ? iso(ended) : null, iso(activated), iso(activated));
  }
})();
raw.close();

const db = await openDatabase(`file:${file}`);
const t0 = performance.now();
const report = await capacityReport(db.db, GUILD, new Date(NOW), { horizonWeeks: 8 });
const t1 = performance.now();
for (const chart of reportCharts(report)) toPng(chart);
const t2 = performance.now();
console.log(JSON.stringify({ members, waiting: report.forecast.waiting, freePlaces: report.forecast.freePlaces, capacityReportMs: Math.round(t1 - t0), chartsMs: Math.round(t2 - t1) }));
await db.close();
rmSync(dir, { recursive: true, force: true });
