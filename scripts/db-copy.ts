// npm run db:copy -- --from <url> --to <url> [--force]
// Copies a whole database (SQLite ↔ PostgreSQL, or same to same), ids kept, verifies the row count
// of every table, and refuses a target that holds data unless --force (which replaces it).
// The target is migrated first; the source must be at this version's schema.
import { CopyError, copyDatabase } from "../src/db/copy.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const from = arg("--from");
const to = arg("--to");
if (from === undefined || to === undefined) {
  console.error("usage: npm run db:copy -- --from <url> --to <url> [--force]   (file:… or postgresql://…)");
  process.exit(2);
}
try {
  const started = Date.now();
  const result = await copyDatabase(from, to, { force: process.argv.includes("--force") });
  console.log(`copied ${result.from} → ${result.to} in ${((Date.now() - started) / 1000).toFixed(1)} s; rows per table (source = target):`);
  for (const t of result.tables) console.log(`  ${t.table.padEnd(14)} ${t.target}`);
  process.exit(0);
} catch (error) {
  if (error instanceof CopyError) {
    console.error(`db:copy: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
