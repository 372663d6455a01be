// Entry point of `npm start` and `npm run console`, and of each shard process that
// `npm run start:sharded` (src/shard.ts) starts.
// With DISCORD_TOKEN: logs in and serves the slash commands. Without it (or with --console): opens
// the local console, the same handlers and database driven from the terminal.
import { createBot, createNotifier, type Bot } from "./bot.js";
import { commands } from "./commands/index.js";
import type { Deps } from "./interaction/command.js";
import { ConfigError, loadDotEnv, parseConfig, type Config } from "./config.js";
import { runConsole } from "./console/index.js";
import { databaseKind } from "./db/paths.js";
import { openDatabase, pingDatabase } from "./db/client.js";
import { ownsGuild } from "./domain/shards.js";
import { createRouter } from "./interaction/router.js";
import { runDueJobs } from "./jobs/expiry.js";
import { limitHeapGrowth } from "./heap.js";
import { createLogger } from "./logger.js";
import { createBotMetrics } from "./metrics/registry.js";
import { probe, startMetricsServer, type MetricsServer } from "./metrics/server.js";
import { answerManager } from "./shard-ipc.js";
import { systemClock } from "./services/clock.js";
import { serverCounts } from "./services/stats.js";

function readConfig(): Config {
  try {
    loadDotEnv();
    return parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error — ${error.message}\nSee README.md, "Configuration".\n`);
      process.exit(2);
    }
    throw error;
  }
}

let bot: Bot | undefined;

async function main(): Promise<void> {
  const forceConsole = process.argv.includes("--console");
  const config = readConfig();
  limitHeapGrowth(config.heapGrowthPercent);
  const shard = config.shard;
  const baseLogger = createLogger(config.logLevel);
  const logger = shard === undefined ? baseLogger : baseLogger.child({ shard: shard.ids[0], pid: process.pid });
  const consoleMode = forceConsole || config.discordToken === undefined;
  if (shard !== undefined && shard.count > 1 && databaseKind(config.databaseUrl) === "sqlite") {
    // The manager refuses first; this guards a shard started some other way.
    process.stderr.write(`Configuration error — DATABASE_URL: ${shard.count} shards run in ${shard.count} processes, and SQLite serves one process; use PostgreSQL (README, "Running a large server").\n`);
    process.exit(2);
  }
  // The servers this process works on: a shard's own (those its gateway connection delivered,
  // which Discord assigns by id); undefined for the unsharded bot, which serves them all.
  const ownedGuilds = (): string[] | undefined => {
    if (shard === undefined) return undefined;
    const cache = bot?.client.guilds.cache;
    return cache === undefined ? [] : [...cache.keys()].filter((id) => ownsGuild(shard, id));
  };
  // Created before the database, so that its statements are timed from the first one.
  const metrics = consoleMode || (config.metricsPort === undefined && shard === undefined) ? undefined : createBotMetrics({
    serverCounts: () => serverCounts(database.db, ownedGuilds()),
    gatewayReady: () => bot?.gatewayStatus() === "ok",
  });
  const database = await openDatabase(config.databaseUrl, {
    processLabel: consoleMode ? "the console (npm run console)" : shard === undefined ? "the bot (npm start)" : `shard ${shard.ids[0]} (npm run start:sharded)`,
    ...(metrics === undefined ? {} : { onStatement: metrics.statement }),
    // SQLite: WAL checkpoints in a worker thread, not inside a command's COMMIT (src/db/checkpointer.ts).
    backgroundCheckpoints: true,
    onCheckpointerFailure: (error) => logger.warn({ err: error }, "the WAL checkpointer stopped; SQLite checkpoints automatically again"),
  });
  if (database.appliedMigrations.length + database.appliedDataMigrations.length > 0) {
    logger.info({ migrations: database.appliedMigrations, dataMigrations: database.appliedDataMigrations, database: database.displayUrl }, "database migrated");
  }

  if (consoleMode) {
    if (!forceConsole && process.stdin.isTTY === true) {
      process.stdout.write(
        "No DISCORD_TOKEN is set, so this is the local console: the bot's commands on your own database.\n" +
          "To connect to Discord, set DISCORD_TOKEN and DISCORD_CLIENT_ID (README, \"Configuration\"). Type /help to begin.\n",
      );
    }
    const code = await runConsole({
      db: database.db,
      input: process.stdin,
      output: process.stdout,
      logger,
      tick: async (deps) => {
        await runDueJobs(deps);
      },
    });
    await database.close();
    process.exit(code);
  }

  let deps: Deps | undefined;
  bot = createBot({
    config,
    logger,
    ...(shard === undefined ? {} : { shards: shard }),
    tickIntervalMs: config.jobsIntervalMs,
    ...(metrics === undefined ? {} : { onRateLimited: metrics.rateLimited }),
    router: (client) => {
      deps = { db: database.db, logger, clock: systemClock, notifier: createNotifier(client, logger) };
      return createRouter(commands, deps, metrics === undefined ? {} : { onHandled: metrics.interactionHandled });
    },
    tick: async () => {
      if (deps === undefined) return;
      const guilds = ownedGuilds();
      // A shard works on its own servers only, and on none before its gateway delivered them.
      if (guilds !== undefined && guilds.length === 0) return;
      const summary = await runDueJobs(deps, guilds);
      if (Object.values(summary).some((n) => n > 0)) logger.info({ ...summary, ...(guilds === undefined ? {} : { servers: guilds.length }) }, "timed jobs processed");
    },
  });
  const running = bot;
  const health = async () => ({
    database: await probe(() => pingDatabase(database.db), 2_000, "unreachable"),
    gateway: running.gatewayStatus(),
  });
  let metricsServer: MetricsServer | undefined;
  if (metrics !== undefined && shard !== undefined) {
    answerManager({ metrics: () => metrics.json(), health, logger });
  } else if (metrics !== undefined && config.metricsPort !== undefined) {
    metricsServer = await startMetricsServer({
      port: config.metricsPort,
      metrics: () => metrics.text(),
      health,
      onError: (error) => logger.warn({ err: error }, "metrics request failed"),
    });
    logger.info({ port: metricsServer.port }, "serving /healthz and /metrics");
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing interactions in flight");
    await running.stop();
    await metricsServer?.close();
    await database.close();
    logger.info("stopped cleanly");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  await running.start();
  logger.info({ commands: commands.map((c) => c.data.name) }, "bot started");
}

main().catch((error: unknown) => {
  process.stderr.write(`Fatal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
