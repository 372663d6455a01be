// src/bot.ts: client options, graceful stop with interactions in flight, and the periodic job.
import { Writable } from "node:stream";
import { GatewayIntentBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot.js";
import { defineCommand, sub, type CommandModule } from "../../src/interaction/command.js";
import { createRouter } from "../../src/interaction/router.js";
import { createLogger, silentLogger, type Logger } from "../../src/logger.js";
import { systemClock } from "../../src/services/clock.js";
import { openTempDatabase, type TempDatabase } from "../support/discord-db.js";
import { createDiscordHarness } from "../support/discord-harness.js";

function memoryLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n")) if (line.trim() !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger("debug", stream), lines };
}

/** A command whose handler waits until the test releases it. */
function gatedCommand() {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started = 0;
  const command: CommandModule = defineCommand({
    name: "wait",
    description: "Waits",
    subcommands: [
      sub("now", "Waits until released", {}, async ({ res }) => {
        started += 1;
        await gate;
        await res.reply({ content: "finished", ephemeral: true });
      }),
    ],
  });
  return { command, release: () => release(), started: () => started };
}

let database: TempDatabase;
beforeAll(async () => {
  database = await openTempDatabase();
});
afterAll(async () => {
  await database?.close();
});

const fakeRouter = () => createRouter([], { db: database.db, logger: silentLogger, clock: systemClock, notifier: { notifyUser: async () => "failed", openPairSpace: async () => ({ threadId: null }), postToPair: async () => "failed", addRole: async () => false, createScheduledEvent: async () => ({ ok: false, reason: "failed" }), updateScheduledEvent: async () => false, openPublicThread: async () => ({ threadId: null, channelId: null, messageId: null }), postInChannel: async () => false } });

describe("createBot", () => {
  it("given a config then the client uses only the Guilds intent, the configured REST base and no default mentions", async () => {
    const bot = createBot({ config: { discordToken: undefined, discordApiUrl: "http://127.0.0.1:9/api" }, logger: silentLogger, router: fakeRouter() });
    expect(bot.client.options.intents.bitfield).toBe(GatewayIntentBits.Guilds);
    expect(bot.client.options.rest?.api).toBe("http://127.0.0.1:9/api");
    expect(bot.client.options.allowedMentions).toEqual({ parse: [] });
    await bot.stop();
  });

  it("given a router factory then it is called with the client", async () => {
    let received: unknown;
    const bot = createBot({
      config: { discordToken: undefined, discordApiUrl: undefined },
      logger: silentLogger,
      router: (client) => {
        received = client;
        return fakeRouter();
      },
    });
    expect(received).toBe(bot.client);
    await bot.stop();
  });

  it("given no token then start() with login refuses", async () => {
    const bot = createBot({ config: { discordToken: undefined, discordApiUrl: undefined }, logger: silentLogger, router: fakeRouter() });
    await expect(bot.start()).rejects.toThrow("DISCORD_TOKEN");
    await bot.stop();
  });
});

describe("stop()", () => {
  it("given an interaction in flight then waits for it, and ignores interactions that arrive meanwhile", async () => {
    const gated = gatedCommand();
    const h = await createDiscordHarness({ commands: [gated.command], deps: { db: database.db, logger: silentLogger, clock: systemClock } });
    const first = h.payload.command({ name: "wait", subcommand: "now" });
    h.inject(first);
    await waitUntil(() => gated.started() === 1);

    let stopped = false;
    const stopping = h.bot.stop().then(() => {
      stopped = true;
    });
    const late = h.payload.command({ name: "wait", subcommand: "now" });
    h.inject(late);
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);

    gated.release();
    await stopping;
    expect(stopped).toBe(true);
    expect(gated.started()).toBe(1);
    const callbacks = h.server.find("POST", "/interactions/:id/:token/callback").map((r) => r.path);
    expect(callbacks).toEqual([`/api/v10/interactions/${first.id}/${first.token}/callback`]);
    await h.server.close();
  });

  it("given a handler that never finishes then stop() gives up after the shutdown timeout", async () => {
    const gated = gatedCommand();
    const { logger, lines } = memoryLogger();
    const h = await createDiscordHarness({ commands: [gated.command], deps: { db: database.db, logger, clock: systemClock }, shutdownTimeoutMs: 100 });
    h.inject(h.payload.command({ name: "wait", subcommand: "now" }));
    await waitUntil(() => gated.started() === 1);
    const started = Date.now();
    await h.bot.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lines.some((l) => String(l["msg"]).includes("shutdown timeout"))).toBe(true);
    gated.release();
    await h.server.close();
  });
});

describe("periodic job", () => {
  it("given a tick interval then runs the job repeatedly until stopped", async () => {
    let runs = 0;
    const bot = createBot({
      config: { discordToken: undefined, discordApiUrl: undefined },
      logger: silentLogger,
      router: fakeRouter(),
      tick: async () => {
        runs += 1;
      },
      tickIntervalMs: 10,
    });
    await bot.start({ login: false });
    await waitUntil(() => runs >= 3);
    await bot.stop();
    const after = runs;
    await new Promise((r) => setTimeout(r, 50));
    expect(runs).toBe(after);
  });

  it("given a job still running then a second tick does not start another", async () => {
    let running = 0;
    let maxRunning = 0;
    let release: () => void = () => undefined;
    const bot = createBot({
      config: { discordToken: undefined, discordApiUrl: undefined },
      logger: silentLogger,
      router: fakeRouter(),
      tick: async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        running -= 1;
      },
    });
    const first = bot.runTick();
    const second = bot.runTick();
    expect(maxRunning).toBe(1);
    release();
    await Promise.all([first, second]);
    expect(maxRunning).toBe(1);
    await bot.stop();
  });

  it("given a job that throws before returning a promise then the guard still resets", async () => {
    let calls = 0;
    const bot = createBot({
      config: { discordToken: undefined, discordApiUrl: undefined },
      logger: silentLogger,
      router: fakeRouter(),
      tick: () => {
        calls += 1;
        throw new Error("synchronous failure");
      },
    });
    await bot.runTick();
    await bot.runTick();
    expect(calls).toBe(2);
    await bot.stop();
  });

  it("given a job that throws then the error is logged and the next tick still runs", async () => {
    const { logger, lines } = memoryLogger();
    let calls = 0;
    const bot = createBot({
      config: { discordToken: undefined, discordApiUrl: undefined },
      logger,
      router: fakeRouter(),
      tick: async () => {
        calls += 1;
        if (calls === 1) throw new Error("expiry failed");
      },
    });
    await expect(bot.runTick()).resolves.toBeUndefined();
    await bot.runTick();
    expect(calls).toBe(2);
    expect(lines.some((l) => l["msg"] === "periodic job failed" && l["level"] === 50)).toBe(true);
    await bot.stop();
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}
