// npm run bench:metrics [-- 100000 [postgresql://…/empty-db]]: what one /metrics scrape costs on a
// database with N members over 100 servers (a tenth mentors, a fifth of the mentees with an open
// request), inserted directly into a SQLite file and, with a PostgreSQL URL, copied there
// (npm run db:copy's code). Prints the median and worst of 20 scrapes (the two per-server COUNTs
// and the text exposition), as one JSON line per engine.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { copyDatabase } from "../src/db/copy.js";
import { openDatabase } from "../src/db/client.js";
import { createBotMetrics } from "../src/metrics/registry.js";
import { serverCounts } from "../src/services/stats.js";

const members = Number(process.argv[2] ?? 100_000);
const postgresUrl = process.argv[3];
const SERVERS = 100;
const NOW = Date.parse("2026-11-30T12:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
/** Members 1..N in 100 contiguous blocks, one server each. */
const guild = (i: number) => String(100000000000000000n + BigInt(Math.floor(((i - 1) * SERVERS) / members)) * (1n << 22n));

const dir = mkdtempSync(path.join(os.tmpdir(), "mentor-bot-bench-metrics-"));
const file = path.join(dir, "bench.db");
await (await openDatabase(`file:${file}`)).close();
const raw = new Database(file);
raw.pragma("synchronous = OFF");
raw.transaction(() => {
  const profile = raw.prepare("INSERT INTO Profile (guildId, userId, displayName, industry, stage, isMentor, isMentee, menteeWaitingSince, createdAt, updatedAt) VALUES (?, ?, ?, 'software', ?, ?, ?, ?, ?, ?)");
  for (let i = 1; i <= members; i++) {
    const mentor = i % 10 === 0;
    profile.run(guild(i), String(500000000000000000n + BigInt(i)), `Member ${i}`, mentor ? "senior" : "student", mentor ? 1 : 0, mentor ? 0 : 1, mentor ? null : iso(NOW), iso(NOW), iso(NOW));
  }
  const match = raw.prepare("INSERT INTO Match (guildId, mentorProfileId, menteeProfileId, status, score, explanation, createdAt, updatedAt) VALUES (?, ?, ?, 'requested', 0.5, '{}', ?, ?)");
  // Every fifth member asks the next mentor (member 10, 20, …) of its own server.
  for (let i = 1; i <= members; i += 5) {
    if (i % 10 === 0) continue;
    const mentor = i - (i % 10) + 10;
    if (mentor > members || guild(mentor) !== guild(i)) continue;
    match.run(guild(i), mentor, i, iso(NOW), iso(NOW));
  }
})();
raw.close();

async function measure(url: string, engine: string): Promise<void> {
  const database = await openDatabase(url);
  const metrics = createBotMetrics({ serverCounts: () => serverCounts(database.db), defaultMetrics: false });
  const times: number[] = [];
  let text = "";
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    text = await metrics.text();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const servers = text.split("\n").filter((l) => l.startsWith("mentorbot_waiting_mentees{")).length;
  const open = text.split("\n").filter((l) => l.startsWith("mentorbot_open_requests{")).reduce((n, l) => n + Number(l.split(" ").at(-1)), 0);
  console.log(JSON.stringify({ engine, members, servers, openRequests: open, scrapeMedianMs: Number((times[10] ?? 0).toFixed(1)), scrapeWorstMs: Number((times.at(-1) ?? 0).toFixed(1)), bytes: text.length }));
  await database.close();
}

await measure(`file:${file}`, "sqlite");
if (postgresUrl !== undefined) {
  await copyDatabase(`file:${file}`, postgresUrl, { force: true });
  await measure(postgresUrl, "postgresql");
}
rmSync(dir, { recursive: true, force: true });
// The schema engine leaves a timer pending after migrating PostgreSQL (docs/prisma-postgres-offline.md).
process.exit(0);
