// `npm start` with METRICS_PORT: the one process serves /healthz and /metrics itself. Driven for
// real: src/main.ts logs in over the loopback fake gateway, an interaction arrives as an
// INTERACTION_CREATE dispatch and goes through the real router, and the counter shows it. When
// the gateway goes away, /healthz answers 503 naming the gateway.
// Also: `npm run start:sharded` refuses SQLite with more than one shard, in one line, exit 2.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { chatInputPayload, MEMBER_PERMISSIONS, nextSnowflake, option, testMember } from "../support/discord-payloads.js";
import { startFakeDiscord } from "../support/discord-server.js";
import { startFakeGateway } from "../support/fake-gateway.js";
import { freePort, until } from "../support/wait.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const TOKEN = "MTAxMDAwMDAwMDAwMDAwMDAx.Gabcde.abcdefghijklmnopqrstuvwxyz0123456789AB";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function run(entry: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: root,
    env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? os.tmpdir(), DOTENV_CONFIG_QUIET: "true", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

function tempDb(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mentor-bot-metrics-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return `file:${path.join(dir, "bot.db")}`;
}

describe("npm start with METRICS_PORT", () => {
  it("given the bot logged in then /healthz is 200, /metrics counts an interaction handled through the real router, and /healthz is 503 naming the gateway once it is gone", async () => {
    const applicationId = nextSnowflake();
    const guildId = nextSnowflake();
    const server = await startFakeDiscord({ applicationId, guildId });
    cleanups.push(() => server.close());
    const gateway = await startFakeGateway({
      applicationId,
      botUser: { id: applicationId, username: "mentor-bot", global_name: "Mentor Bot", discriminator: "0", avatar: null, bot: true },
    });
    let gatewayOpen = true;
    cleanups.push(() => (gatewayOpen ? gateway.close() : undefined));
    server.on("GET", "/gateway/bot", { status: 200, body: gateway.gatewayBot() });
    const port = await freePort();
    const bot = run("src/main.ts", {
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: applicationId,
      DISCORD_API_URL: server.apiUrl,
      DATABASE_URL: tempDb(),
      METRICS_PORT: String(port),
      LOG_LEVEL: "info",
    });
    await until(() => bot.stderr().includes('"msg":"bot started"') || bot.child.exitCode !== null, 60_000, () => `"bot started"\n${bot.stderr()}`);
    expect(bot.stderr()).toContain('"msg":"serving /healthz and /metrics"');
    const url = `http://127.0.0.1:${port}`;

    const healthy = await fetch(`${url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ status: "ok", checks: { database: "ok", gateway: "ok" } });

    const payload = chatInputPayload({
      applicationId,
      guildId,
      channelId: nextSnowflake(),
      invoker: testMember({ username: "ben" }),
      name: "mentee",
      subcommand: "profile",
      options: [option.string("industry", "software"), option.string("stage", "student"), option.string("topics", "interviews"), option.string("about", "Preparing for interviews.")],
    });
    gateway.dispatch("INTERACTION_CREATE", payload);
    await until(() => server.find("POST", `/interactions/${payload.id}/${payload.token}/callback`).length === 1, 20_000, () => "the reply");
    // A search builds the server's live matching index (its size and build time are gauged).
    const ben = payload.member?.user ?? testMember().user;
    const find = chatInputPayload({ applicationId, guildId, channelId: nextSnowflake(), invoker: { user: ben, nick: null, roles: [], permissions: MEMBER_PERMISSIONS }, name: "match", subcommand: "find", options: [] });
    gateway.dispatch("INTERACTION_CREATE", find);
    await until(() => server.find("POST", `/interactions/${find.id}/${find.token}/callback`).length === 1, 20_000, () => "the /match find answer");
    let text = "";
    await until(
      async () => {
        text = await (await fetch(`${url}/metrics`)).text();
        // /match find defers while the server's live index is built, so it is counted once its edit went out.
        return text.includes('mentorbot_interactions_total{command="mentee profile",outcome="ok"} 1') && text.includes('mentorbot_interactions_total{command="match find"');
      },
      10_000,
      () => `the counter in\n${text}`,
    );
    expect(text).toMatch(/^mentorbot_interaction_duration_seconds_count\{kind="command"\} 2$/m);
    expect(text).toMatch(/^mentorbot_interactions_total\{command="match find",outcome="(ok|user_error)"\} 1$/m);
    expect(text).toMatch(new RegExp(`^mentorbot_waiting_mentees\\{guild="${guildId}"\\} 1$`, "m"));
    expect(text).toMatch(new RegExp(`^mentorbot_index_entries\\{guild="${guildId}",kind="live"\\} 1$`, "m"));
    expect(text).toMatch(/^mentorbot_index_build_seconds_count\{kind="live"\} [1-9]\d*$/m);
    expect(text).toMatch(/^mentorbot_db_query_duration_seconds_count\{ok="true"\} [1-9]\d*$/m);
    expect(text).toMatch(/^mentorbot_gateway_ready 1$/m);
    expect(text).toContain("# TYPE mentorbot_discord_rate_limited_total counter");
    expect(text).toContain("process_resident_memory_bytes");
    expect((await fetch(`${url}/nothing`)).status).toBe(404);

    // Discord's gateway goes away: the client is no longer ready.
    await gateway.close();
    gatewayOpen = false;
    let body: { status?: string; reason?: string; checks?: Record<string, string> } = {};
    await until(
      async () => {
        const response = await fetch(`${url}/healthz`);
        body = (await response.json()) as typeof body;
        return response.status === 503;
      },
      20_000,
      () => `a 503 (last: ${JSON.stringify(body)})`,
    );
    expect(body.status).toBe("unhealthy");
    expect(body.checks?.["database"]).toBe("ok");
    expect(body.reason).toMatch(/^gateway: not ready \(shard 0: [A-Za-z]+\)$/);
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
  }, 120_000);
});

describe("npm run start:sharded on SQLite", () => {
  it("given SHARD_COUNT=2 and a SQLite DATABASE_URL then it refuses in one line and exits 2", async () => {
    const manager = run("src/shard.ts", { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: nextSnowflake(), DATABASE_URL: tempDb(), SHARD_COUNT: "2" });
    expect(await manager.exited).toBe(2);
    expect(manager.stderr()).toBe(
      'Configuration error — DATABASE_URL: 2 shards run in 2 processes, and SQLite serves one process; use PostgreSQL (DATABASE_URL=postgresql://…), or SHARD_COUNT=1 (README.md, "Running a large server").\n',
    );
    expect(manager.stdout()).toBe("");
  }, 60_000);

  it("given SHARD_COUNT=auto and Discord recommending 3 shards then SQLite is refused too", async () => {
    const server = await startFakeDiscord();
    cleanups.push(() => server.close());
    server.on("GET", "/gateway/bot", { status: 200, body: { url: "ws://127.0.0.1:1", shards: 3, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } } });
    const manager = run("src/shard.ts", { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: nextSnowflake(), DISCORD_API_URL: server.apiUrl, DATABASE_URL: tempDb() });
    expect(await manager.exited).toBe(2);
    expect(manager.stderr()).toMatch(/^Configuration error — DATABASE_URL: 3 shards run in 3 processes, and SQLite serves one process; [^\n]*\n$/);
    expect(server.find("GET", "/gateway/bot")).toHaveLength(1);
  }, 60_000);

  it("given a shard process started with SQLite and two shards in all then it refuses as well", async () => {
    const shard = run("src/main.ts", { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: nextSnowflake(), DATABASE_URL: tempDb(), SHARDING_MANAGER: "true", SHARDS: "1", SHARD_COUNT: "2" });
    expect(await shard.exited).toBe(2);
    expect(shard.stderr()).toMatch(/^Configuration error — DATABASE_URL: 2 shards run in 2 processes, and SQLite serves one process; use PostgreSQL [^\n]*\n$/);
  }, 60_000);

  it("given a bad SHARD_COUNT then it says so in one line and exits 2", async () => {
    const manager = run("src/shard.ts", { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: nextSnowflake(), SHARD_COUNT: "two" });
    expect(await manager.exited).toBe(2);
    expect(manager.stderr()).toBe('Configuration error — SHARD_COUNT: must be "auto" or a whole number of shards (1 or more) (README.md, "Running a large server").\n');
  }, 60_000);
});
