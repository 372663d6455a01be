// Wires a discord.js Client to the router: one interactionCreate listener, a periodic job hook,
// and a graceful stop. Everything the bot does lives behind the router and the injected callbacks.
import { Client, Events, GatewayIntentBits, RESTEvents, Status, type Interaction } from "discord.js";
import type { Config } from "./config.js";
import type { ShardSet } from "./domain/shards.js";
import {
  autocompleteContext,
  buttonContext,
  commandContext,
  createAutocompleteResponder,
  createResponder,
  modalContext,
} from "./discord/context.js";
import { createDiscordNotifier } from "./discord/notifier.js";
import type { Router } from "./interaction/router.js";
import type { Notifier } from "./interaction/types.js";
import type { Logger } from "./logger.js";

export interface BotOptions {
  config: Pick<Config, "discordToken" | "discordApiUrl">;
  /**
   * The router, or a function that builds it from the client: the real Deps need a Notifier
   * over this very client (see `createNotifier`), so the usual form is
   * `router: (client) => createRouter(commands, { db, logger, clock, notifier: createNotifier(client, logger) })`.
   */
  router: Router | ((client: Client) => Router);
  logger: Logger;
  /** Periodic work (request expiry, reminders), run every `tickIntervalMs`; never two at once. */
  tick?: () => Promise<void>;
  tickIntervalMs?: number;
  /** How long stop() waits for interactions already being handled. */
  shutdownTimeoutMs?: number;
  /**
   * The gateway shards this client connects (from the sharding manager, see src/shard.ts).
   * Default: shard 0 of 1, i.e. every server, whatever SHARD_* variables the environment holds.
   */
  shards?: ShardSet;
  /** Called when discord.js waits on a REST rate limit (metrics). */
  onRateLimited?: (info: { route: string; global: boolean }) => void;
}

export interface Bot {
  client: Client;
  router: Router;
  /** Starts the periodic job and, unless `login: false` (tests), connects to the gateway. */
  start(options?: { login?: boolean }): Promise<void>;
  /** Stops taking interactions, waits (bounded) for those in flight and the current tick, disconnects. */
  stop(): Promise<void>;
  /** Resolves when every interaction handled so far has finished (tests). */
  idle(): Promise<void>;
  /** Runs the periodic job now, unless it is already running (tests, console). */
  runTick(): Promise<void>;
  /** "ok" when every gateway shard of this client is connected and ready, else why not (health checks). */
  gatewayStatus(this: void): string;
}

/** The Notifier the real Deps use: DMs, pair threads and roles through this client. */
export function createNotifier(client: Client, logger: Logger): Notifier {
  return createDiscordNotifier(client, logger);
}

export function createBot(options: BotOptions): Bot {
  const { config, logger } = options;
  const tickIntervalMs = options.tickIntervalMs ?? 60_000;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;

  const client = new Client({
    // Guilds only. The bot reads no message content (everything arrives as interactions), sending
    // a DM needs no DM intent, and buttons pressed on the bot's DMs come back as interactions too.
    // The Guilds intent keeps guilds, channels and roles cached for the notifier and role checks.
    intents: [GatewayIntentBits.Guilds],
    // Defence in depth: anything sent without explicit allowed mentions still pings nobody.
    allowedMentions: { parse: [] },
    // Explicit, so discord.js never reads SHARDS / SHARD_COUNT from the environment on its own.
    shards: [...(options.shards?.ids ?? [0])],
    shardCount: options.shards?.count ?? 1,
    ...(config.discordApiUrl === undefined ? {} : { rest: { api: config.discordApiUrl } }),
  });
  const router = typeof options.router === "function" ? options.router(client) : options.router;

  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  let timer: NodeJS.Timeout | null = null;
  let tickRunning: Promise<void> | null = null;

  async function dispatch(interaction: Interaction): Promise<void> {
    const started = performance.now();
    await route(interaction);
    logger.debug(
      { interactionId: interaction.id, type: interaction.type, guildId: interaction.guildId, ms: Math.round(performance.now() - started) },
      "interaction handled",
    );
  }

  async function route(interaction: Interaction): Promise<void> {
    if (interaction.isChatInputCommand()) {
      await router.handle(commandContext(interaction), createResponder(interaction, logger));
    } else if (interaction.isAutocomplete()) {
      await router.handleAutocomplete(autocompleteContext(interaction), createAutocompleteResponder(interaction, logger));
    } else if (interaction.isButton()) {
      await router.handle(buttonContext(interaction), createResponder(interaction, logger));
    } else if (interaction.isModalSubmit()) {
      await router.handle(modalContext(interaction), createResponder(interaction, logger));
    }
    // Context menus and select menus are not used by this bot.
  }

  client.on(Events.InteractionCreate, (interaction) => {
    // While stopping, new interactions get no answer: Discord shows "did not respond", which is
    // honest, rather than starting work the shutdown would cut off half way.
    if (!accepting) return;
    const task = dispatch(interaction)
      .catch((error: unknown) => {
        logger.error({ err: error, interactionId: interaction.id, guildId: interaction.guildId, userId: interaction.user.id }, "interaction handler crashed");
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, "discord client error"));
  // Operators need to see when Discord slows the bot down (discord.js waits and retries itself):
  // a 429 answer, or a wait discord.js starts on its own because a bucket is exhausted. The route is
  // the bucket template ("/channels/:id/messages"), never a token or a member's id.
  client.rest.on(RESTEvents.Response, (request, response) => {
    if (response.status !== 429) return;
    const seconds = Number(response.headers.get("retry-after"));
    logger.warn(
      {
        route: request.route,
        method: request.method.toUpperCase(),
        retryAfterMs: Number.isFinite(seconds) ? Math.round(seconds * 1000) : null,
        scope: response.headers.get("x-ratelimit-scope"),
        global: response.headers.has("x-ratelimit-global"),
      },
      "Discord REST rate limit hit",
    );
  });
  client.rest.on(RESTEvents.RateLimited, (info) => {
    options.onRateLimited?.({ route: info.route, global: info.global });
    logger.warn({ route: info.route, method: info.method.toUpperCase(), retryAfterMs: info.retryAfter, limit: info.limit, global: info.global }, "Discord REST rate limit reached; waiting before the next request");
  });
  client.on(Events.Warn, (warning) => logger.warn({ warning }, "discord client warning"));
  client.once(Events.ClientReady, (ready) => {
    logger.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, "connected to Discord");
  });

  function runTick(): Promise<void> {
    if (options.tick === undefined) return Promise.resolve();
    if (tickRunning !== null) {
      logger.warn("previous periodic job still running; skipping this tick");
      return tickRunning;
    }
    const tick = options.tick;
    const run = async () => {
      try {
        await tick();
      } catch (error) {
        logger.error({ err: error }, "periodic job failed");
      }
    };
    // Cleared in a promise callback (always asynchronous), so even a tick that throws before its
    // first await cannot clear the flag before it is set.
    tickRunning = run().finally(() => {
      tickRunning = null;
    });
    return tickRunning;
  }

  function gatewayStatus(): string {
    // The client-wide status stays "ready" once reached; each shard's own status follows its connection.
    const shards = [...client.ws.shards.values()];
    if (shards.length === 0) return "not connected";
    const waiting = shards.filter((shard) => shard.status !== Status.Ready);
    if (waiting.length === 0) return "ok";
    return `not ready (${waiting.map((shard) => `shard ${shard.id}: ${Status[shard.status] ?? String(shard.status)}`).join(", ")})`;
  }

  async function idle(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  return {
    client,
    router,
    idle,
    runTick,
    gatewayStatus,
    async start({ login = true } = {}) {
      if (login && config.discordToken === undefined) throw new Error("DISCORD_TOKEN is not set");
      accepting = true;
      if (options.tick !== undefined && timer === null) {
        timer = setInterval(() => void runTick(), tickIntervalMs);
      }
      if (login && config.discordToken !== undefined) await client.login(config.discordToken);
    },
    async stop() {
      accepting = false;
      if (timer !== null) clearInterval(timer);
      timer = null;
      const pending = [...inFlight, ...(tickRunning === null ? [] : [tickRunning])];
      if (pending.length > 0) {
        logger.info({ inFlight: inFlight.size }, "waiting for interactions in flight");
        let timeout: NodeJS.Timeout | undefined;
        const finished = await Promise.race([
          Promise.allSettled(pending).then(() => true),
          new Promise<false>((resolve) => {
            timeout = setTimeout(() => resolve(false), shutdownTimeoutMs);
          }),
        ]);
        clearTimeout(timeout);
        if (!finished) logger.warn({ inFlight: inFlight.size }, "shutdown timeout; abandoning interactions in flight");
      }
      await client.destroy();
      logger.info("disconnected from Discord");
    },
  };
}
