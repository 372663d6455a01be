// The only module that reads process.env. Parsed once with zod at start-up; a bad value gives a
// one-line message naming the variable.
import { existsSync } from "node:fs";
import { z } from "zod";

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
});

export interface Config {
  discordToken: string | undefined;
  discordClientId: string | undefined;
  discordGuildId: string | undefined;
  databaseUrl: string;
  logLevel: (typeof LOG_LEVELS)[number];
  discordApiUrl: string | undefined;
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
  return {
    discordToken: value.DISCORD_TOKEN,
    discordClientId: value.DISCORD_CLIENT_ID,
    discordGuildId: value.DISCORD_GUILD_ID,
    databaseUrl: value.DATABASE_URL,
    logLevel: value.LOG_LEVEL,
    discordApiUrl: value.DISCORD_API_URL,
  };
}

/** The environment variables that may hold secrets, for log redaction. */
export const SECRET_ENV = ["DISCORD_TOKEN"] as const;
