// Process-level graceful shutdown of the real entry point: `node --import tsx src/main.ts` with a
// bot token, logging in over a loopback fake gateway (test/support/fake-gateway.ts) and calling a
// loopback fake REST API (test/support/discord-server.ts, behind support/rest-proxy.ts, which lets
// the test hold one response). An interaction arrives over the gateway, is provably in flight
// (its handler is waiting on Discord), and then the process gets SIGTERM or SIGINT. The shutdown
// must let that interaction finish (its reply reaches Discord), answer nothing new, disconnect from
// the gateway, close the database and exit 0, without ever printing the token.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { chatInputPayload, nextSnowflake, option, testMember, testModerator, type TestMember, type TestOption } from "../support/discord-payloads.js";
import { startFakeDiscord, type FakeDiscordServer, type RecordedRequest } from "../support/discord-server.js";
import { startFakeGateway, type FakeGateway } from "../support/fake-gateway.js";
import { startRestProxy, type RestProxy } from "./support/rest-proxy.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

// Well-formed (three dot-separated parts, as src/config.ts requires) but not a real token.
const TOKEN = "MTAxMDAwMDAwMDAwMDAwMDAx.Gabcde.abcdefghijklmnopqrstuvwxyz0123456789AB";
const TOKEN_SECRET_PART = "abcdefghijklmnopqrstuvwxyz0123456789AB";

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

interface RunningBot {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** stderr parsed as pino JSON lines (non-JSON lines are skipped). */
  logs: () => LogLine[];
  waitForLog(msg: string, timeoutMs: number): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function startBot(env: Record<string, string>): RunningBot {
  // A clean environment: nothing from the test runner (its LOG_LEVEL=silent, NODE_OPTIONS...).
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? os.tmpdir(), DOTENV_CONFIG_QUIET: "true", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
  const logs = () =>
    stderr
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as LogLine];
        } catch {
          return [];
        }
      });
  let exitedYet = false;
  void exited.then(() => (exitedYet = true));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    logs,
    async waitForLog(msg, timeoutMs) {
      const find = () => logs().find((l) => l.msg === msg);
      await until(() => find() !== undefined || exitedYet, timeoutMs, `log "${msg}"\n--- stderr ---\n${stderr}`);
      const line = find();
      if (line === undefined) throw new Error(`the bot exited before logging "${msg}"\n--- stderr ---\n${stderr}\n--- stdout ---\n${stdout}`);
      return line;
    },
    exited,
  };
}

interface World {
  server: FakeDiscordServer;
  proxy: RestProxy;
  gateway: FakeGateway;
  applicationId: string;
  guildId: string;
  channelId: string;
  dbFile: string;
}

async function startWorld(): Promise<World> {
  const applicationId = nextSnowflake();
  const guildId = nextSnowflake();
  const channelId = nextSnowflake();
  const server = await startFakeDiscord({ applicationId, guildId });
  cleanups.push(() => server.close());
  const proxy = await startRestProxy(server.apiUrl);
  cleanups.push(() => proxy.close());
  const gateway = await startFakeGateway({
    applicationId,
    botUser: { id: applicationId, username: "mentor-bot", global_name: "Mentor Bot", discriminator: "0", avatar: null, bot: true },
    heartbeatIntervalMs: 500,
  });
  cleanups.push(() => gateway.close());
  server.on("GET", "/gateway/bot", { status: 200, body: gateway.gatewayBot() });
  const dir = mkdtempSync(path.join(os.tmpdir(), "mentor-bot-shutdown-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { server, proxy, gateway, applicationId, guildId, channelId, dbFile: path.join(dir, "bot.db") };
}

function command(world: World, invoker: TestMember, name: string, subcommand: string, options: TestOption[]) {
  return chatInputPayload({ applicationId: world.applicationId, guildId: world.guildId, channelId: world.channelId, invoker, name, subcommand, options });
}

function callbacksFor(world: World, interaction: { id: string; token: string }) {
  return world.server.find("POST", `/interactions/${interaction.id}/${interaction.token}/callback`);
}

describe.each(["SIGTERM", "SIGINT"] as const)("graceful shutdown on %s", (signal) => {
  it(`given an interaction in flight when ${signal} arrives then it finishes and is answered, nothing new is answered, the database is closed intact and the process exits 0`, async () => {
    const world = await startWorld();
    const bot = startBot({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: world.applicationId,
      DISCORD_API_URL: world.proxy.apiUrl,
      DATABASE_URL: `file:${world.dbFile}`,
      LOG_LEVEL: "info",
    });
    cleanups.push(async () => {
      if (bot.child.exitCode === null && bot.child.signalCode === null) {
        bot.child.kill("SIGKILL");
        await bot.exited;
      }
    });

    // Login: GET /gateway/bot through the fake REST, then HELLO / IDENTIFY / READY over the gateway.
    await bot.waitForLog("bot started", 45_000);
    const identify = await world.gateway.waitForIdentify(1_000);
    expect(identify.token).toBe(TOKEN);
    expect(identify.intents).toBe(1); // Guilds only
    expect(world.gateway.connections[0]?.query.get("v")).toBe("10");
    expect(world.gateway.connections[0]?.query.get("encoding")).toBe("json");
    expect(world.server.find("GET", "/gateway/bot")).toHaveLength(1);
    expect(world.server.find("GET", "/gateway/bot")[0]?.headers["authorization"]).toBe(`Bot ${TOKEN}`);
    expect(bot.logs().some((l) => l.msg === "connected to Discord")).toBe(true);
    // The heartbeat loop runs against the fake (HEARTBEAT answered by HEARTBEAT_ACK).
    await until(() => world.gateway.received.some((p) => p.op === 1), 5_000, "a heartbeat");

    // A first interaction over the gateway, answered normally: a moderator sets a mentor role, so a
    // new mentor profile will make its handler call Discord (give the role) before it replies.
    const moderator = testModerator({ username: "mo" });
    const mentorRoleId = nextSnowflake();
    const config = command(world, moderator, "mod", "config", [option.role("mentor-role", mentorRoleId)]);
    world.gateway.dispatch("INTERACTION_CREATE", config);
    await until(() => callbacksFor(world, config).length === 1, 10_000, "the /mod config reply");
    expect(String((callbacksFor(world, config)[0]?.body as { data?: { content?: string } }).data?.content)).toContain("Settings saved");

    // Hold the handler's first call to Discord after its reply (fetching the guild to give the
    // role): from then on the interaction is in flight, and stays so until the test releases it.
    let entered: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    world.proxy.before = async (request) => {
      if (request.method === "GET" && /^\/guilds\/\d+$/.test(request.route)) {
        entered();
        await released;
      }
    };
    cleanups.push(() => release());

    const maya = testMember({ username: "maya", globalName: "Maya" });
    const profile = command(world, maya, "mentor", "profile", [
      option.string("industry", "software"),
      option.string("stage", "senior"),
      option.string("topics", "interviews, cv review"),
      option.string("about", "I have hired many engineers and can help with interviews."),
      option.integer("capacity", 2),
    ]);
    world.gateway.dispatch("INTERACTION_CREATE", profile);
    await withTimeout(inFlight, 10_000, "the /mentor profile handler to call Discord");
    // The member is answered first; the role is a side effect that follows the reply.
    expect(callbacksFor(world, profile)).toHaveLength(1);

    expect(bot.child.kill(signal)).toBe(true);
    const shuttingDown = await bot.waitForLog("shutting down: finishing interactions in flight", 10_000);
    expect(shuttingDown["signal"]).toBe(signal);
    const waiting = await bot.waitForLog("waiting for interactions in flight", 10_000);
    expect(waiting["inFlight"]).toBe(1);

    // While stopping, a new interaction is not taken on (Discord will show "did not respond").
    // The gateway is still open (the client disconnects only after the work in flight); give the
    // frame a moment to arrive before letting the shutdown proceed.
    const ned = testMember({ username: "ned" });
    const late = command(world, ned, "mentee", "profile", [
      option.string("industry", "software"),
      option.string("stage", "student"),
      option.string("topics", "interviews"),
      option.string("about", "Preparing for interviews."),
    ]);
    world.gateway.dispatch("INTERACTION_CREATE", late);
    await sleep(300);
    expect(bot.child.exitCode).toBeNull();

    release();
    const exit = await withTimeout(bot.exited, 20_000, "the bot to exit");
    expect(exit).toEqual({ code: 0, signal: null });

    // The in-flight interaction finished after the signal: the reply went first, then the role.
    const [reply] = callbacksFor(world, profile);
    expect(reply).toBeDefined();
    const replyBody = reply?.body as { type?: number; data?: { content?: string; flags?: number } };
    expect(replyBody.type).toBe(4);
    expect(replyBody.data?.flags).toBe(64);
    expect(replyBody.data?.content).toContain("mentor profile is ready");
    const rolePut = world.server.find("PUT", `/guilds/${world.guildId}/members/${maya.user.id}/roles/${mentorRoleId}`);
    expect(rolePut).toHaveLength(1);
    const at = (request: RecordedRequest | undefined) => (request === undefined ? -1 : world.server.requests.indexOf(request));
    expect(at(reply)).toBeLessThan(at(rolePut[0]));
    // Nothing at all was sent for the interaction that arrived during shutdown.
    expect(world.server.requests.filter((r) => r.path.includes(late.token))).toHaveLength(0);

    // The client closed the gateway itself, normally, before the process exited.
    expect(await world.gateway.waitForClose(1_000)).toBe(1000);
    // One connection for the whole run: every heartbeat was acknowledged, no zombie reconnects.
    expect(world.gateway.connections).toHaveLength(1);

    const logs = bot.logs();
    const order = ["shutting down: finishing interactions in flight", "waiting for interactions in flight", "disconnected from Discord", "stopped cleanly"];
    const positions = order.map((msg) => logs.findIndex((l) => l.msg === msg));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
    expect(logs.some((l) => l.msg.startsWith("shutdown timeout"))).toBe(false);

    // The token never reaches the output, in full or its secret part.
    for (const output of [bot.stdout(), bot.stderr()]) {
      expect(output).not.toContain(TOKEN);
      expect(output).not.toContain(TOKEN_SECRET_PART);
    }

    // The database was closed, not abandoned: SQLite removes the WAL when its last connection closes.
    expect(existsSync(`${world.dbFile}-wal`)).toBe(false);
    const db = new Database(world.dbFile, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const stored = db.prepare("SELECT isMentor, industry, mentorCapacity FROM Profile WHERE guildId = ? AND userId = ?").get(world.guildId, maya.user.id);
      expect(stored).toEqual({ isMentor: 1, industry: "software-development", mentorCapacity: 2 });
      const settings = db.prepare("SELECT mentorRoleId FROM GuildSettings WHERE guildId = ?").get(world.guildId);
      expect(settings).toEqual({ mentorRoleId });
      expect(db.prepare("SELECT COUNT(*) AS n FROM Profile WHERE userId = ?").get(ned.user.id)).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 90_000);
});
