// npm run db:migrate: applies pending migrations to DATABASE_URL (start-up does this too). Offline-safe.
// With nothing pending it only reads the migrations table, so it runs fine next to a running bot.
import { ConfigError, loadDotEnv, parseConfig } from "../src/config.js";
import { registerHolder } from "../src/db/holders.js";
import { DatabaseInUseError, migrateOnStart } from "../src/db/migrations.js";
import { sqliteFilePath } from "../src/db/paths.js";

try {
  loadDotEnv();
  const config = parseConfig();
  const filePath = sqliteFilePath(config.databaseUrl);
  const unregister = registerHolder(filePath, "npm run db:migrate");
  const applied = await migrateOnStart(filePath).finally(unregister);
  console.log(
    applied.length === 0
      ? `${filePath}: already up to date`
      : `${filePath}: applied ${applied.length} migration(s): ${applied.join(", ")}`,
  );
  process.exit(0); // the schema engine leaves a timer pending for a few seconds
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  if (error instanceof DatabaseInUseError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
