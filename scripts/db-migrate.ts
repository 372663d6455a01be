// npm run db:migrate: applies pending migrations to DATABASE_URL (start-up does this too). Offline-safe.
// SQLite: with nothing pending it only reads the migrations table, so it runs next to a running
// bot. PostgreSQL: the schema engine's advisory lock makes concurrent runs safe.
import { ConfigError, loadDotEnv, parseConfig } from "../src/config.js";
import { registerHolder } from "../src/db/holders.js";
import { applyPostgresMigrations, DatabaseInUseError, migrateOnStart } from "../src/db/migrations.js";
import { databaseKind, redactUrl, sqliteFilePath } from "../src/db/paths.js";

try {
  loadDotEnv();
  const config = parseConfig();
  let where: string;
  let applied: string[];
  if (databaseKind(config.databaseUrl) === "postgresql") {
    where = redactUrl(config.databaseUrl);
    applied = await applyPostgresMigrations(config.databaseUrl);
  } else {
    where = sqliteFilePath(config.databaseUrl);
    const unregister = registerHolder(where, "npm run db:migrate");
    applied = await migrateOnStart(where).finally(unregister);
  }
  console.log(applied.length === 0 ? `${where}: already up to date` : `${where}: applied ${applied.length} migration(s): ${applied.join(", ")}`);
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
