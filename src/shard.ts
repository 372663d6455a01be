// Entry point of `npm run start:sharded`: discord.js's ShardingManager starts one process per
// gateway shard (src/main.ts, which sees SHARDING_MANAGER, SHARDS and SHARD_COUNT), restarts a
// shard whose process dies, and, with METRICS_PORT, serves /healthz and /metrics for all of its
// shards (the sum of every shard's metrics, asked over IPC, see src/shard-ipc.ts).
// Each shard serves the interactions and runs the timed jobs of its own servers only.
// Several processes write at once, so this needs PostgreSQL: SQLite is refused with more than one shard.
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { REST, Routes, ShardingManager, type Shard } from "discord.js";
import { Counter, Gauge, Registry } from "prom-client";
import { ConfigError, loadDotEnv, parseConfig, type Config } from "./config.js";
import { databaseKind } from "./db/paths.js";
import { createLogger, type Logger } from "./logger.js";
import { aggregateMetrics, METRIC_PREFIX } from "./metrics/registry.js";
import { startMetricsServer, type HealthChecks, type MetricsServer } from "./metrics/server.js";
import { shardReply, type ShardMetricsJson, type ShardReply } from "./shard-ipc.js";

const SHARD_ENTRY = fileURLToPath(new URL("./main.ts", import.meta.url));
const ASK_TIMEOUT_MS = 3_000;

function refuse(message: string): never {
  process.stderr.write(`Configuration error — ${message} (README.md, "Running a large server").\n`);
  process.exit(2);
}

function readConfig(): Config {
  try {
    loadDotEnv();
    return parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) refuse(error.message);
    throw error;
  }
}

/** SHARD_COUNT=auto: Discord's recommendation for this bot (GET /gateway/bot), through DISCORD_API_URL if set. */
async function recommendedShardCount(config: Config, token: string): Promise<number> {
  const rest = new REST(config.discordApiUrl === undefined ? {} : { api: config.discordApiUrl }).setToken(token);
  const answer = (await rest.get(Routes.gatewayBot())) as { shards?: unknown };
  if (typeof answer.shards !== "number" || !Number.isInteger(answer.shards) || answer.shards < 1) throw new Error("Discord's /gateway/bot gave no shard count");
  return answer.shards;
}

let nextAsk = 0;

/** Asks one shard process a question over IPC; rejects when it is not running or does not answer. */
function ask(shard: Shard, question: "metrics" | "health"): Promise<ShardReply> {
  if (shard.process === null) return Promise.reject(new Error("not running"));
  const id = (nextAsk += 1);
  return new Promise<ShardReply>((resolve, reject) => {
    const timer = setTimeout(() => {
      shard.off("message", onMessage);
      reject(new Error(`no answer within ${ASK_TIMEOUT_MS} ms`));
    }, ASK_TIMEOUT_MS);
    function onMessage(raw: unknown) {
      const parsed = shardReply.safeParse(raw);
      if (!parsed.success || parsed.data.id !== id) return;
      clearTimeout(timer);
      shard.off("message", onMessage);
      if (parsed.data.error !== undefined) reject(new Error(parsed.data.error));
      else resolve(parsed.data);
    }
    shard.on("message", onMessage);
    shard.send({ mentorbot: question, id }).catch((error: unknown) => {
      clearTimeout(timer);
      shard.off("message", onMessage);
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "failed";
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger: Logger = createLogger(config.logLevel).child({ role: "sharding-manager" });
  const token = config.discordToken;
  if (token === undefined) refuse("DISCORD_TOKEN: required for npm run start:sharded (the bot logs in once per shard)");
  const total = config.sharding.count === "auto" ? await recommendedShardCount(config, token) : config.sharding.count;
  const ids = config.sharding.ids ?? [...Array(total).keys()];
  if (total > 1 && databaseKind(config.databaseUrl) === "sqlite") {
    refuse(`DATABASE_URL: ${total} shards run in ${total} processes, and SQLite serves one process; use PostgreSQL (DATABASE_URL=postgresql://…), or SHARD_COUNT=1`);
  }

  const manager = new ShardingManager(SHARD_ENTRY, {
    totalShards: total,
    shardList: ids,
    token,
    mode: "process",
    respawn: true,
    // The shards are TypeScript, run like `npm start` runs src/main.ts.
    execArgv: ["--import", "tsx"],
  });

  const registry = new Registry();
  const restarts = new Counter({ name: `${METRIC_PREFIX}shard_restarts_total`, help: "Shard processes that died and were started again by the manager.", labelNames: ["shard"] as const, registers: [registry] });
  const answering = new Gauge({ name: `${METRIC_PREFIX}shards_answering`, help: "Shard processes that answered this scrape.", registers: [registry] });
  const configured = new Gauge({ name: `${METRIC_PREFIX}shards`, help: "Shards this manager runs.", registers: [registry] });
  configured.set(ids.length);

  let stopping = false;
  manager.on("shardCreate", (shard) => {
    logger.info({ shard: shard.id, of: total }, "shard process starting");
    shard.on("spawn", (child) => logger.info({ shard: shard.id, pid: "pid" in child ? child.pid : undefined }, "shard process started"));
    shard.on("ready", () => logger.info({ shard: shard.id, pid: shard.process?.pid }, "shard ready"));
    shard.on("death", (child) => {
      if (stopping) return;
      restarts.inc({ shard: String(shard.id) });
      logger.warn({ shard: shard.id, pid: "pid" in child ? child.pid : undefined, exitCode: "exitCode" in child ? child.exitCode : undefined }, "shard process died; starting it again");
    });
    shard.on("error", (error: Error) => logger.error({ shard: shard.id, err: error }, "shard error"));
  });

  let metricsServer: MetricsServer | undefined;
  if (config.metricsPort !== undefined) {
    metricsServer = await startMetricsServer({
      port: config.metricsPort,
      metrics: async () => {
        const parts: ShardMetricsJson[] = [];
        const replies = await Promise.allSettled([...manager.shards.values()].map((shard) => ask(shard, "metrics")));
        for (const reply of replies) if (reply.status === "fulfilled" && reply.value.metrics !== undefined) parts.push(reply.value.metrics as ShardMetricsJson);
        answering.set(parts.length);
        return aggregateMetrics(parts, registry);
      },
      health: async () => {
        // Asked at once, listed in shard order (the reason names the lowest failing shard first).
        const answers = await Promise.all(
          ids.map(async (id): Promise<[string, string][]> => {
            const shard = manager.shards.get(id);
            if (shard === undefined) return [[`shard ${id}`, "not started yet"]];
            try {
              const reply = await ask(shard, "health");
              return Object.entries(reply.checks ?? {}).map(([name, value]) => [`shard ${id} ${name}`, value]);
            } catch (error) {
              return [[`shard ${id}`, `no answer (${oneLine(error)})`]];
            }
          }),
        );
        const checks: HealthChecks = {};
        for (const [name, value] of answers.flat()) checks[name] = value;
        return checks;
      },
      onError: (error) => logger.warn({ err: error }, "metrics request failed"),
    });
    logger.info({ port: metricsServer.port }, "serving /healthz and /metrics for all shards");
  }

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    manager.respawn = false;
    logger.info({ signal }, "stopping every shard");
    await Promise.all(
      [...manager.shards.values()].map(async (shard) => {
        const child = shard.process;
        if (child === null || child.exitCode !== null) return;
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    await metricsServer?.close();
    logger.info("every shard stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  logger.info({ shards: ids, of: total, database: databaseKind(config.databaseUrl) }, "starting shards");
  await manager.spawn({ amount: total, delay: config.sharding.spawnDelayMs, timeout: 120_000 });
  logger.info({ shards: ids.length }, "all shards ready");
}

main().catch((error: unknown) => {
  process.stderr.write(`Fatal: ${oneLine(error)}\n`);
  process.exit(1);
});
