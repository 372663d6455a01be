// npm run db:migrate: applies pending migrations to DATABASE_URL (start-up does this too). Offline-safe.
import { ConfigError, loadDotEnv, parseConfig } from "../src/config.js";
import { applyMigrations } from "../src/db/migrations.js";
import { sqliteFilePath } from "../src/db/paths.js";

try {
  loadDotEnv();
  const config = parseConfig();
  const filePath = sqliteFilePath(config.databaseUrl);
  const applied = await applyMigrations(filePath);
  console.log(
    applied.length === 0
      ? `${filePath}: already up to date`
      : `${filePath}: applied ${applied.length} migration(s): ${applied.join(", ")}`,
  );
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
