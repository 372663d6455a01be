// npm run db:backup -- --out <file>
// SQLite: a consistent online backup of DATABASE_URL with SQLite's backup API, safe while the bot
// runs and writes (it copies a consistent snapshot page by page). PostgreSQL: use pg_dump (below).
import { ConfigError, loadDotEnv, parseConfig } from "../src/config.js";
import { backupSqlite } from "../src/db/backup.js";
import { databaseKind, redactUrl, sqliteFilePath } from "../src/db/paths.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

try {
  loadDotEnv();
  const config = parseConfig();
  const out = arg("--out");
  if (databaseKind(config.databaseUrl) === "postgresql") {
    console.error(
      `DATABASE_URL is PostgreSQL (${redactUrl(config.databaseUrl)}): back it up with pg_dump, e.g.\n` +
        `  pg_dump --format=custom --file=mentorbot.dump "$DATABASE_URL"\n` +
        `and restore with pg_restore --clean --if-exists --dbname="$DATABASE_URL" mentorbot.dump (README, "Running a large server").`,
    );
    process.exit(2);
  }
  if (out === undefined) {
    console.error("usage: npm run db:backup -- --out <file>");
    process.exit(2);
  }
  const result = await backupSqlite(sqliteFilePath(config.databaseUrl), out);
  console.log(`backed up ${result.from} → ${result.to}: ${result.pages} pages, integrity ${result.integrity}`);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(`db:backup: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
