// npm run bench:stats -- --database file:<path> --guild <id>
// Times the /mod stats figures (services/stats.ts, SQL aggregates) against the former
// implementation that loaded every profile with its topics (test/support/reference-stats.ts),
// on an existing database, e.g. one filled by `npm run import` with `npm run bench:import-file`.
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/client.js";
import { guildStats } from "../src/services/stats.js";
import { referenceGuildStats } from "../test/support/reference-stats.js";

const { values } = parseArgs({ options: { database: { type: "string" }, guild: { type: "string" } } });
if (values.database === undefined || values.guild === undefined) {
  console.error("usage: npm run bench:stats -- --database <url> --guild <id>");
  process.exit(2);
}
const database = await openDatabase(values.database);
const now = new Date();
const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const result = await f();
  return [result, performance.now() - start];
};
const members = await database.db.profile.count({ where: { guildId: values.guild } });
// Each twice, the second run timed (the first warms the connection and the page cache).
await guildStats(database.db, values.guild, now);
const [fast, fastMs] = await time(() => guildStats(database.db, values.guild as string, now));
await referenceGuildStats(database.db, values.guild, now);
const [slow, slowMs] = await time(() => referenceGuildStats(database.db, values.guild as string, now));
console.log(JSON.stringify({ members, aggregatesMs: Math.round(fastMs), formerMs: Math.round(slowMs), equal: JSON.stringify(fast) === JSON.stringify(slow) }));
await database.close();
