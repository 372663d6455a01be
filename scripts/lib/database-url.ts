// The database a one-off script (npm run import, npm run report) works on: its --database flag,
// else DATABASE_URL from the environment or .env, validated as the bot validates it.
import { z } from "zod";
import { ConfigError, loadDotEnv, parseConfig } from "../../src/config.js";

/** The --database flag: a SQLite or PostgreSQL URL, as DATABASE_URL takes. */
export const databaseFlag = z
  .string()
  .regex(/^(file:|postgres(ql)?:\/\/).+/, "must be a database URL like file:./data/mentor-bot.db or postgresql://…")
  .optional();

/**
 * The flag's URL when given, else the configured one. A configuration problem is reported through
 * `fail` with exit status 2 (the script's "bad flags or configuration").
 */
export function resolveDatabaseUrl(flag: string | undefined, fail: (message: string, status: number) => never): string {
  if (flag !== undefined) return flag;
  try {
    loadDotEnv();
    return parseConfig().databaseUrl;
  } catch (error) {
    return fail(`Configuration error — ${error instanceof ConfigError ? error.message : String(error)}`, 2);
  }
}
