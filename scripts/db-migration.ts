// npm run db:migration -- <name>: after an edit of prisma/schema.prisma, writes the next migration
// for both engines from that one change: prisma/migrations/<timestamp>_<name>/migration.sql
// (SQLite, existing migrations replayed on a scratch file and diffed against the schema), then
// prisma/postgres/schema.prisma regenerated and prisma/postgres/migrations/<same name>/migration.sql
// (the diff from the committed PostgreSQL schema). The PostgreSQL diff needs a server to connect
// to (it reads nothing): TEST_POSTGRES_URL, a server on 127.0.0.1:5432, or a throwaway cluster.
// `--catch-up`: after merging SQLite migrations written without their PostgreSQL side, writes
// the PostgreSQL migrations under the same folder names.
import { catchUpPostgresMigrations, createMigrations } from "../src/db/migrations.js";
import { findPostgresServer } from "./lib/postgres-server.js";

const name = process.argv[2];
if (name === undefined || process.argv.length > 3) {
  console.error("usage: npm run db:migration -- <name>   (lowercase letters, digits and _)\n       npm run db:migration -- --catch-up   (PostgreSQL side of SQLite migrations that lack one)");
  process.exit(2);
}
const server = await findPostgresServer();
if (server.url === null) {
  console.error(`A PostgreSQL server is needed to write the PostgreSQL migration: ${server.reason}`);
  process.exit(1);
}
try {
  if (name === "--catch-up") {
    const caught = await catchUpPostgresMigrations(server.url);
    if (caught.written === null) console.error(caught.reason);
    else for (const n of caught.written) console.log(`created prisma/postgres/migrations/${n}/migration.sql`);
    await server.stop();
    process.exit(0);
  }
  const result = await createMigrations(name, server.url);
  if (!result.created) {
    console.error(result.reason);
    process.exit(result.reason.startsWith("migration name") ? 2 : 0);
  }
  for (const created of [result.sqlite, result.postgres]) if (created !== null) console.log(`created ${created.directory}/migration.sql`);
  console.log("Run `npm run generate` (both clients), then `npm run db:migrate`.");
} finally {
  await server.stop();
}
process.exit(0);
