// `npm run start:sharded` for real: src/shard.ts runs discord.js's ShardingManager, which forks two
// shard processes (src/main.ts). Each logs in over a loopback fake gateway (test/support/fake-gateway.ts,
// one WebSocket connection per shard, READY + GUILD_CREATE with that shard's servers only) and calls
// a loopback fake REST API (test/support/discord-server.ts). Both write to one PostgreSQL database.
// Proven here: SHARD_COUNT=auto follows GET /gateway/bot; each server's interactions go to the
// shard that owns it and are handled in that shard's process; the timed jobs run once per server,
// each in its owner's process; a shard killed with SIGKILL is started again by the manager and
// loses no acknowledged write; the manager's METRICS_PORT serves the sum of both shards' metrics
// and a /healthz that turns 503, with the reason, when the database goes away.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterEach, expect, it } from "vitest";
import { shardOfGuild } from "../../src/domain/shards.js";
import { createPostgresDatabase } from "../support/db.js";
import { chatInputPayload, nextSnowflake, option, testMember, type TestMember, type TestOption } from "../support/discord-payloads.js";
import { guildObject, startFakeDiscord, type FakeDiscordServer } from "../support/discord-server.js";
import { startFakeGateway, type FakeGateway } from "../support/fake-gateway.js";
import { freePort, until } from "../support/wait.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const TOKEN = "MTAxMDAwMDAwMDAwMDAwMDAx.Gabcde.abcdefghijklmnopqrstuvwxyz0123456789AB";

interface LogLine {
  level: number;
  msg: string;
  pid?: number;
  shard?: number;
  [field: string]: unknown;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two server ids that Discord puts on different shards of 2 (shard 0 first). */
function serversOnEachShard(): [string, string] {
  const ids: string[] = [];
  for (let id = BigInt(nextSnowflake()); ids.length < 2; id += 1n << 22n) {
    const shard = shardOfGuild(String(id), 2);
    if (ids[shard] === undefined && (shard === 0 || ids[0] !== undefined)) ids[shard] = String(id);
  }
  return [ids[0] ?? "", ids[1] ?? ""];
}

function startManager(env: Record<string, string>) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ["--import", "tsx", "src/shard.ts"], {
    cwd: root,
    env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? os.tmpdir(), DOTENV_CONFIG_QUIET: "true", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  const logs = (): LogLine[] =>
    output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as LogLine];
        } catch {
          return [];
        }
      });
  return { child, exited, logs, output: () => output };
}

it("given two shards on one PostgreSQL database then each server is served by its own shard process, jobs run once per server, a killed shard comes back without losing a write, and the manager serves metrics and health for both", async () => {
  const applicationId = nextSnowflake();
  const [guildA, guildB] = serversOnEachShard();
  const channelId = nextSnowflake();
  const database = await createPostgresDatabase({ fromTemplate: true });
  cleanups.push(() => database.drop());
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  cleanups.push(() => sql.end().catch(() => undefined));

  const server: FakeDiscordServer = await startFakeDiscord({ applicationId, guildId: guildA });
  cleanups.push(() => server.close());
  const gateway: FakeGateway = await startFakeGateway({
    applicationId,
    botUser: { id: applicationId, username: "mentor-bot", global_name: "Mentor Bot", discriminator: "0", avatar: null, bot: true },
    heartbeatIntervalMs: 1_000,
    guilds: [guildA, guildB].map((id) => ({ ...guildObject(id), unavailable: false, member_count: 10, members: [], channels: [], threads: [], presences: [], voice_states: [], stage_instances: [], guild_scheduled_events: [], large: false, joined_at: new Date().toISOString() })),
    recommendedShards: 2,
  });
  cleanups.push(() => gateway.close());
  server.on("GET", "/gateway/bot", { status: 200, body: gateway.gatewayBot() });
  const metricsPort = await freePort();

  const manager = startManager({
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: applicationId,
    DISCORD_API_URL: server.apiUrl,
    DATABASE_URL: database.url,
    SHARD_COUNT: "auto",
    SHARD_SPAWN_DELAY_MS: "0",
    METRICS_PORT: String(metricsPort),
    JOBS_INTERVAL_SECONDS: "1",
    LOG_LEVEL: "debug",
  });
  cleanups.push(async () => {
    if (manager.child.exitCode === null && manager.child.signalCode === null) {
      // SIGKILL would orphan the shards; the manager's SIGTERM stops them.
      manager.child.kill("SIGTERM");
      const stopped = await Promise.race([manager.exited.then(() => true), sleep(20_000).then(() => false)]);
      if (!stopped) manager.child.kill("SIGKILL");
    }
    for (const line of manager.logs()) if (typeof line.pid === "number" && line.msg === "bot started") {
      try {
        process.kill(line.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
  const log = (msg: string, extra: (l: LogLine) => boolean = () => true) => manager.logs().filter((l) => l.msg === msg && extra(l));
  const dump = () => `\n--- manager output ---\n${manager.output().slice(-6000)}`;

  // SHARD_COUNT=auto: two shards, as GET /gateway/bot recommends; each identifies with its own shard.
  await until(() => log("all shards ready").length === 1 || manager.child.exitCode !== null, 150_000, () => `"all shards ready"${dump()}`);
  expect(log("all shards ready"), dump()).toHaveLength(1);
  expect(gateway.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);
  // (The manager's spawn resolves on each client's ready; "bot started" follows just after.)
  await until(() => log("bot started").length === 2, 20_000, () => `both shards' "bot started"${dump()}`);
  const started = log("bot started");
  expect(started.map((l) => l.shard).sort()).toEqual([0, 1]);
  const pidOf = (shard: number) => log("bot started", (l) => l.shard === shard).at(-1)?.pid ?? -1;
  const [pidA, pidB] = [pidOf(0), pidOf(1)];
  expect(pidA).not.toBe(pidB);
  expect([pidA, pidB]).not.toContain(manager.child.pid);

  const send = async (guildId: string, invoker: TestMember, name: string, subcommand: string, options: TestOption[]) => {
    const payload = chatInputPayload({ applicationId, guildId, channelId, invoker, name, subcommand, options });
    gateway.dispatchToShard(shardOfGuild(guildId, 2), "INTERACTION_CREATE", payload);
    const path = `/interactions/${payload.id}/${payload.token}/callback`;
    await until(() => server.find("POST", path).length === 1, 20_000, () => `the answer to /${name} ${subcommand} in ${guildId}${dump()}`);
    const body = server.find("POST", path)[0]?.body as { data?: { content?: string; embeds?: { title?: string; description?: string }[] } };
    return { id: payload.id, text: JSON.stringify(body.data ?? {}) };
  };
  // Logged when the handler is done, which may be a moment after the answer (side effects follow it).
  const handledBy = async (interactionId: string) => {
    const find = () => log("interaction handled", (l) => l["interactionId"] === interactionId)[0];
    await until(() => find() !== undefined, 10_000, () => `"interaction handled" for ${interactionId}${dump()}`);
    return find();
  };

  // One mentor and one mentee in each server, and a request: everything through the gateway.
  const people = new Map<string, { mentor: TestMember; mentee: TestMember }>();
  for (const guildId of [guildA, guildB]) {
    const mentor = testMember({ username: `mentor${guildId.slice(-4)}` });
    const mentee = testMember({ username: `mentee${guildId.slice(-4)}` });
    people.set(guildId, { mentor, mentee });
    const m = await send(guildId, mentor, "mentor", "profile", [
      option.string("industry", "fintech"),
      option.string("stage", "senior"),
      option.string("topics", "interviewing, cv"),
      option.string("about", "Interview practice and CV reviews."),
    ]);
    expect(m.text).toContain("mentor profile is ready");
    const e = await send(guildId, mentee, "mentee", "profile", [
      option.string("industry", "fintech"),
      option.string("stage", "student"),
      option.string("topics", "interviewing"),
      option.string("about", "Preparing for interviews."),
    ]);
    expect(e.text).toContain("mentee profile is ready");
    // Handled in the process of the shard that owns the server.
    const handled = await handledBy(e.id);
    expect(handled?.guildId).toBe(guildId);
    expect(handled?.shard).toBe(shardOfGuild(guildId, 2));
    expect(handled?.pid).toBe(guildId === guildA ? pidA : pidB);
    const r = await send(guildId, mentee, "match", "request", [option.user("mentor", mentor)]);
    expect(r.text).toMatch(/request/i);
  }
  // Both servers' writes are in the one database.
  const profiles = await sql.query<{ guildId: string; n: string }>(`SELECT "guildId", COUNT(*)::text AS n FROM "Profile" GROUP BY "guildId" ORDER BY "guildId"`);
  expect(profiles.rows).toEqual([guildA, guildB].sort().map((guildId) => ({ guildId, n: "2" })));

  // Metrics: the manager adds up both shards.
  const metrics = async () => {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    return response.text();
  };
  const sample = (text: string, name: string, labels: string) => {
    const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}}`) || (labels === "" && l.startsWith(`${name} `)));
    return line === undefined ? undefined : Number(line.split(" ").at(-1));
  };
  const scraped = await metrics();
  expect(sample(scraped, "mentorbot_interactions_total", 'command="mentee profile",outcome="ok"'), scraped).toBe(2);
  expect(sample(scraped, "mentorbot_interactions_total", 'command="match request",outcome="ok"')).toBe(2);
  expect(sample(scraped, "mentorbot_open_requests", `guild="${guildA}"`)).toBe(1);
  expect(sample(scraped, "mentorbot_open_requests", `guild="${guildB}"`)).toBe(1);
  expect(sample(scraped, "mentorbot_gateway_ready", "")).toBe(2);
  expect(sample(scraped, "mentorbot_shards_answering", "")).toBe(2);
  expect(scraped).toContain("mentorbot_interaction_duration_seconds_bucket");
  expect(scraped).toContain('mentorbot_db_query_duration_seconds_count{ok="true"}');
  const healthy = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);
  const healthyBody = (await healthy.json()) as { status: string; checks: Record<string, string> };
  expect(healthy.status).toBe(200);
  expect(healthyBody).toEqual({ status: "ok", checks: { "shard 0 database": "ok", "shard 0 gateway": "ok", "shard 1 database": "ok", "shard 1 gateway": "ok" } });

  // The timed jobs: both requests become due; each is expired once, by its own server's shard.
  await sql.query(`UPDATE "Match" SET "expiresAt" = now() - interval '1 minute' WHERE status = 'requested'`);
  await until(
    async () => (await sql.query(`SELECT 1 FROM "Match" WHERE status = 'requested'`)).rowCount === 0,
    20_000,
    () => `both requests to expire${dump()}`,
  );
  await sleep(2_500); // two more ticks in each shard: nothing more may happen
  const jobs = log("timed jobs processed");
  expect(jobs.map((l) => ({ pid: l.pid, expired: l["expired"], servers: l["servers"] })).sort((a, b) => (a.pid ?? 0) - (b.pid ?? 0))).toEqual(
    [pidA, pidB].sort((a, b) => a - b).map((pid) => ({ pid, expired: 1, servers: 1 })),
  );
  const messages = () => server.requests.filter((r) => r.method === "POST" && /^\/api\/v10\/channels\/\d+\/messages$/.test(r.path));
  expect(messages().filter((r) => JSON.stringify(r.body).includes("expired"))).toHaveLength(2);

  // A second job, follow-through's check-in: both pairs become active matches with a check-in due.
  const before = messages().length;
  await sql.query(`UPDATE "Match" SET status = 'active', "activatedAt" = now(), "checkinDueAt" = now() - interval '1 minute' WHERE status = 'expired'`);
  await until(
    async () => (await sql.query(`SELECT 1 FROM "Match" WHERE "checkinDueAt" IS NOT NULL`)).rowCount === 0,
    20_000,
    () => `both check-ins to go out${dump()}`,
  );
  await sleep(2_500);
  const checkins = log("timed jobs processed", (l) => typeof l["checkins"] === "number" && l["checkins"] > 0);
  expect(checkins.map((l) => ({ pid: l.pid, checkins: l["checkins"] })).sort((a, b) => (a.pid ?? 0) - (b.pid ?? 0))).toEqual(
    [pidA, pidB].sort((a, b) => a - b).map((pid) => ({ pid, checkins: 1 })),
  );
  // One check-in each for the mentor and the mentee of each server: four messages, no more.
  expect(messages().length - before).toBe(4);

  // An acknowledged write in server B, then shard B's process is killed without warning.
  const mentorB = people.get(guildB)?.mentor ?? testMember();
  const off = await send(guildB, mentorB, "mentor", "availability", [option.string("status", "off")]);
  expect(off.text).toContain("You are not taking new mentees");
  process.kill(pidB, "SIGKILL");
  await until(() => log("shard process died; starting it again").length === 1, 20_000, () => `the manager to notice the death${dump()}`);
  await until(() => log("bot started", (l) => l.shard === 1).length === 2 && gateway.shardOnline(1), 120_000, () => `shard 1 to come back${dump()}`);
  const pidB2 = pidOf(1);
  expect(pidB2).not.toBe(pidB);
  expect(gateway.identifies.filter((i) => i.shard?.[0] === 1)).toHaveLength(2);
  const stored = await sql.query<{ mentorAvailable: boolean }>(`SELECT "mentorAvailable" FROM "Profile" WHERE "guildId" = $1 AND "userId" = $2`, [guildB, mentorB.user.id]);
  expect(stored.rows).toEqual([{ mentorAvailable: false }]);
  // The new process serves server B; shard A was never interrupted.
  const late = testMember({ username: "late" });
  const after = await send(guildB, late, "mentee", "profile", [
    option.string("industry", "fintech"),
    option.string("stage", "student"),
    option.string("topics", "cv"),
    option.string("about", "CV help please."),
  ]);
  expect(after.text).toContain("mentee profile is ready");
  expect((await handledBy(after.id))?.pid).toBe(pidB2);
  expect(log("bot started", (l) => l.shard === 0)).toHaveLength(1);
  const restarted = await metrics();
  expect(sample(restarted, "mentorbot_shard_restarts_total", 'shard="1"')).toBe(1);

  // The database goes away: /healthz says so (503), naming the check that failed.
  await sql.end();
  await database.drop();
  const unhealthy = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);
  const unhealthyBody = (await unhealthy.json()) as { status: string; reason?: string; checks: Record<string, string> };
  expect(unhealthy.status).toBe(503);
  expect(unhealthyBody.status).toBe("unhealthy");
  expect(unhealthyBody.checks["shard 0 database"]).toMatch(/^unreachable \(/);
  expect(unhealthyBody.checks["shard 0 gateway"]).toBe("ok");
  expect(unhealthyBody.reason).toMatch(/^shard 0 database: unreachable/);

  // SIGTERM to the manager stops both shards and exits 0.
  manager.child.kill("SIGTERM");
  const exit = await Promise.race([manager.exited, sleep(30_000).then(() => null)]);
  expect(exit, dump()).toEqual({ code: 0, signal: null });
  expect(log("every shard stopped")).toHaveLength(1);
  expect(log("stopped cleanly").map((l) => l.shard).sort()).toEqual([0, 1]);
}, 400_000);

it("given SHARD_COUNT=2 and SHARD_IDS=1 (the second of two machines) then this manager starts shard 1 only, serves its servers, and reports only that shard", async () => {
  const applicationId = nextSnowflake();
  const [guildA, guildB] = serversOnEachShard();
  const database = await createPostgresDatabase({ fromTemplate: true });
  cleanups.push(() => database.drop());
  const server = await startFakeDiscord({ applicationId, guildId: guildB });
  cleanups.push(() => server.close());
  const gateway = await startFakeGateway({
    applicationId,
    botUser: { id: applicationId, username: "mentor-bot", global_name: "Mentor Bot", discriminator: "0", avatar: null, bot: true },
    guilds: [guildA, guildB].map((id) => ({ ...guildObject(id), unavailable: false, member_count: 10, members: [], channels: [], threads: [], large: false, joined_at: new Date().toISOString() })),
    recommendedShards: 5, // ignored: SHARD_COUNT is fixed
  });
  cleanups.push(() => gateway.close());
  server.on("GET", "/gateway/bot", { status: 200, body: gateway.gatewayBot() });
  const metricsPort = await freePort();
  const manager = startManager({
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: applicationId,
    DISCORD_API_URL: server.apiUrl,
    DATABASE_URL: database.url,
    SHARD_COUNT: "2",
    SHARD_IDS: "1",
    METRICS_PORT: String(metricsPort),
    LOG_LEVEL: "debug",
  });
  cleanups.push(async () => {
    if (manager.child.exitCode === null && manager.child.signalCode === null) {
      manager.child.kill("SIGTERM");
      await Promise.race([manager.exited, sleep(20_000)]);
    }
  });
  const log = (msg: string) => manager.logs().filter((l) => l.msg === msg);
  const dump = () => `\n--- manager output ---\n${manager.output().slice(-6000)}`;
  await until(() => log("all shards ready").length === 1 || manager.child.exitCode !== null, 120_000, () => `"all shards ready"${dump()}`);
  expect(log("all shards ready"), dump()).toHaveLength(1);
  expect(gateway.identifies.map((i) => i.shard)).toEqual([[1, 2]]);
  // The one connection received only shard 1's server.
  await until(() => log("bot started").length === 1, 20_000, () => `"bot started"${dump()}`);
  expect(log("connected to Discord")[0]?.["guilds"]).toBe(1);

  const invoker = testMember({ username: "ben" });
  const payload = chatInputPayload({
    applicationId,
    guildId: guildB,
    channelId: nextSnowflake(),
    invoker,
    name: "mentee",
    subcommand: "profile",
    options: [option.string("industry", "software"), option.string("stage", "student"), option.string("topics", "interviews"), option.string("about", "Preparing for interviews.")],
  });
  gateway.dispatchToShard(1, "INTERACTION_CREATE", payload);
  await until(() => server.find("POST", `/interactions/${payload.id}/${payload.token}/callback`).length === 1, 20_000, () => `the answer${dump()}`);

  const health = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: "ok", checks: { "shard 1 database": "ok", "shard 1 gateway": "ok" } });
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  expect(text).toMatch(/^mentorbot_shards 1$/m);
  expect(text).toMatch(new RegExp(`^mentorbot_waiting_mentees\\{guild="${guildB}"\\} 1$`, "m"));
  expect(text).toMatch(/^mentorbot_interactions_total\{command="mentee profile",outcome="ok"\} 1$/m);
}, 200_000);
