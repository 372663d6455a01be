// Fake Discord ids for the local console. They are derived from names with a hash, so the same
// name gets the same id in every console run (a profile made as "alice" yesterday is still
// alice's today, since the database persists between runs), and they look like snowflakes
// (17–20 digits), so the same validation as in Discord applies.
import { createHash } from "node:crypto";

/** The one fake server the console plays in. */
export const CONSOLE_GUILD_ID = "100000000000000001";
/** The channel commands are "typed" in (#general). */
export const CONSOLE_CHANNEL_ID = "100000000000000002";
export const CONSOLE_CHANNEL_NAME = "general";

const SNOWFLAKE_BASE = 10n ** 17n;
const SNOWFLAKE_SPAN = 9n * 10n ** 17n;

/** An 18-digit id derived deterministically from `seed` (e.g. "user:alice"). */
export function fakeSnowflake(seed: string): string {
  const digest = createHash("sha256").update(seed).digest();
  const value = digest.readBigUInt64BE(0);
  return (SNOWFLAKE_BASE + (value % SNOWFLAKE_SPAN)).toString();
}

export const SNOWFLAKE_PATTERN = /^\d{17,20}$/;
