// The only module that reads process.env. Parsed once with zod at start-up; a bad value gives a
// one-line message naming the variable.
import { existsSync } from "node:fs";
import { z } from "zod";
import { parseShardIds, type ShardSet } from "./domain/shards.js";

const snowflake = z.string().regex(/^\d{17,20}$/, "must be a Discord id (17–20 digits)");

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const envSchema = z.object({
  DISCORD_TOKEN: z
    .string()
    .trim()
    .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, "must be a bot token (three dot-separated parts), from the Developer Portal's Bot page")
    .optional(),
  DISCORD_CLIENT_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(
      /^(file:.+|postgres(ql)?:\/\/[^\s/]+\/[^\s/?]+(\?\S*)?)$/i,
      'must be a SQLite URL such as "file:./data/mentor-bot.db" or a PostgreSQL URL such as "postgresql://user:password@host:5432/mentorbot"',
    )
    .default("file:./data/mentor-bot.db"),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  /** Base URL of Discord's REST API; only tests point it elsewhere (a loopback recorder). */
  DISCORD_API_URL: z.url().optional(),
  /** npm run start:sharded: how many shards in all, or "auto" (Discord's recommendation). */
  SHARD_COUNT: z.union([z.literal("auto"), z.coerce.number<string>().int().min(1).max(10_000)], { error: 'must be "auto" or a whole number of shards (1 or more)' }).default("auto"),
  /** npm run start:sharded on one of several machines: the shards this machine runs ("0-3", "4,5"). */
  SHARD_IDS: z.string().trim().optional(),
  /** Pause between starting two shards (Discord allows one IDENTIFY per 5 s per bucket). */
  SHARD_SPAWN_DELAY_MS: z.coerce.number<string>({ error: "must be a number of milliseconds" }).int().min(0).max(60_000).default(5_500),
  /** Set by discord.js's ShardingManager in the processes it starts ("true"), with SHARDS and SHARD_COUNT. */
  SHARDING_MANAGER: z.enum(["true", "false"]).optional(),
  SHARDS: z.coerce.number<string>({ error: "must be a shard id" }).int().min(0).optional(),
  /** Serve /healthz and /metrics on this port (sharded: the manager serves the sum of all shards). */
  METRICS_PORT: z.coerce.number<string>({ error: "must be a TCP port (1–65535)" }).int().min(1, "must be a TCP port (1–65535)").max(65_535, "must be a TCP port (1–65535)").optional(),
  /** How often the timed jobs (expiry, reminders, follow-through, office hours) run. */
  JOBS_INTERVAL_SECONDS: z.coerce.number<string>({ error: "must be a number of seconds" }).int().min(1).max(3_600).default(60),
  /** How far the JavaScript heap may grow past what a full GC kept, in percent (src/heap.ts); 0: V8's own choice. */
  HEAP_GROWTH_PERCENT: z.coerce.number<string>({ error: "must be a whole percentage (0–400)" }).int("must be a whole percentage (0–400)").min(0, "must be a whole percentage (0–400)").max(400, "must be a whole percentage (0–400)").default(20),
});

export interface ShardingConfig {
  /** Shards in all, across every machine. */
  count: number | "auto";
  /** The shards this machine runs; undefined: all of them. */
  ids: number[] | undefined;
  spawnDelayMs: number;
}

export interface Config {
  discordToken: string | undefined;
  discordClientId: string | undefined;
  discordGuildId: string | undefined;
  databaseUrl: string;
  logLevel: (typeof LOG_LEVELS)[number];
  discordApiUrl: string | undefined;
  /** What `npm run start:sharded` (src/shard.ts) spawns; `npm start` ignores it. */
  sharding: ShardingConfig;
  /** This process's shard, when discord.js's ShardingManager started it; undefined for `npm start`. */
  shard: ShardSet | undefined;
  metricsPort: number | undefined;
  jobsIntervalMs: number;
  heapGrowthPercent: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

/** Reads `.env` from the working directory (if any) without overriding real environment variables. */
export function loadDotEnv(file = ".env"): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

export function parseConfig(env: Env = process.env): Config {
  // Empty strings are treated as unset so `DISCORD_GUILD_ID=` in .env means "none".
  const cleaned = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, env[key] === "" ? undefined : env[key]]),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    throw new ConfigError(`${variable}: ${issue?.message ?? "invalid value"}`);
  }
  const value = parsed.data;
  if (value.DISCORD_TOKEN !== undefined && value.DISCORD_CLIENT_ID === undefined) {
    throw new ConfigError(
      "DISCORD_CLIENT_ID: required when DISCORD_TOKEN is set (the Application ID from the Developer Portal)",
    );
  }
  let ids: number[] | undefined;
  if (value.SHARD_IDS !== undefined) {
    if (value.SHARD_COUNT === "auto") throw new ConfigError("SHARD_IDS: needs a fixed SHARD_COUNT (every machine must agree on the total), not auto");
    try {
      ids = parseShardIds(value.SHARD_IDS, value.SHARD_COUNT);
    } catch (error) {
      throw new ConfigError(`SHARD_IDS: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let shard: ShardSet | undefined;
  if (value.SHARDING_MANAGER === "true") {
    if (value.SHARDS === undefined || value.SHARD_COUNT === "auto") throw new ConfigError("SHARDS: started by the sharding manager without a shard id and count");
    if (value.SHARDS >= value.SHARD_COUNT) throw new ConfigError(`SHARDS: shard ${value.SHARDS} does not exist with SHARD_COUNT=${value.SHARD_COUNT}`);
    shard = { ids: [value.SHARDS], count: value.SHARD_COUNT };
  }
  return {
    discordToken: value.DISCORD_TOKEN,
    discordClientId: value.DISCORD_CLIENT_ID,
    discordGuildId: value.DISCORD_GUILD_ID,
    databaseUrl: value.DATABASE_URL,
    logLevel: value.LOG_LEVEL,
    discordApiUrl: value.DISCORD_API_URL,
    sharding: { count: value.SHARD_COUNT, ids, spawnDelayMs: value.SHARD_SPAWN_DELAY_MS },
    shard,
    metricsPort: value.METRICS_PORT,
    jobsIntervalMs: value.JOBS_INTERVAL_SECONDS * 1000,
    heapGrowthPercent: value.HEAP_GROWTH_PERCENT,
  };
}

/** The environment variables that may hold secrets, for log redaction. */
export const SECRET_ENV = ["DISCORD_TOKEN"] as const;
