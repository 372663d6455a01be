// Entry point of `npm start` and `npm run console`.
// With DISCORD_TOKEN: logs in and serves the slash commands. Without it (or with --console): opens
// the local console, the same handlers and database driven from the terminal.
import { createBot, createNotifier } from "./bot.js";
import { commands } from "./commands/index.js";
import type { Deps } from "./interaction/command.js";
import { ConfigError, loadDotEnv, parseConfig, type Config } from "./config.js";
import { runConsole } from "./console/index.js";
import { openDatabase } from "./db/client.js";
import { createRouter } from "./interaction/router.js";
import { runDueJobs } from "./jobs/expiry.js";
import { createLogger } from "./logger.js";
import { systemClock } from "./services/clock.js";

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

async function main(): Promise<void> {
  const forceConsole = process.argv.includes("--console");
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const consoleMode = forceConsole || config.discordToken === undefined;
  const database = await openDatabase(config.databaseUrl, {
    processLabel: consoleMode ? "the console (npm run console)" : "the bot (npm start)",
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
  const bot = createBot({
    config,
    logger,
    router: (client) => {
      deps = { db: database.db, logger, clock: systemClock, notifier: createNotifier(client, logger) };
      return createRouter(commands, deps);
    },
    tick: async () => {
      if (deps === undefined) return;
      const summary = await runDueJobs(deps);
      if (Object.values(summary).some((n) => n > 0)) logger.info(summary, "timed jobs processed");
    },
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing interactions in flight");
    await bot.stop();
    await database.close();
    logger.info("stopped cleanly");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  await bot.start();
  logger.info({ commands: commands.map((c) => c.data.name) }, "bot started");
}

main().catch((error: unknown) => {
  process.stderr.write(`Fatal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
