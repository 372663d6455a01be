// npm run db:migration -- <name>: creates prisma/migrations/<timestamp>_<name>/migration.sql from the
// difference between the committed migrations and prisma/schema.prisma. Works offline.
import { createMigration } from "../src/db/migrations.js";

const name = process.argv[2];
if (name === undefined || process.argv.length > 3) {
  console.error("usage: npm run db:migration -- <name>   (lowercase letters, digits and _)");
  process.exit(2);
}
const result = await createMigration(name);
if (!result.created) {
  console.error(result.reason);
  process.exit(result.reason.startsWith("migration name") ? 2 : 0);
}
console.log(`created ${result.directory}/migration.sql`);
console.log("Run `npm run generate` if you have not already, then `npm run db:migrate`.");
