// npm run report -- --guild <id> --out report.html [--horizon 8] [--coverage-days 30] [--database <url>]
// Writes the capacity report of one server as a self-contained HTML file (figures, tables and
// charts inlined as SVG; no network requests) for people who report to funders or school leaders.
// Exit status: 0 written, 1 the database could not be read or the file written, 2 bad flags.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { openDatabase } from "../src/db/client.js";
import { capacityReportHtml } from "../src/services/report.js";
import { databaseFlag, resolveDatabaseUrl } from "./lib/database-url.js";

const USAGE = "usage: npm run report -- --guild <server id> --out <file.html> [--horizon 1-52] [--coverage-days 1-365] [--database <url>]";

const flags = z.object({
  guild: z.string({ error: "is required (the server's id)" }).regex(/^\d{17,20}$/, "must be a Discord server id (17–20 digits)"),
  out: z.string({ error: "is required (where to write the HTML file)" }).regex(/\.html?$/i, "must be a file name ending in .html"),
  horizon: z.coerce.number({ error: "must be a whole number from 1 to 52" }).int("must be a whole number from 1 to 52").min(1, "must be from 1 to 52").max(52, "must be from 1 to 52").optional(),
  "coverage-days": z.coerce.number({ error: "must be a whole number from 1 to 365" }).int("must be a whole number from 1 to 365").min(1, "must be from 1 to 365").max(365, "must be from 1 to 365").optional(),
  database: databaseFlag,
});

function fail(message: string, status: number): never {
  console.error(message);
  process.exit(status);
}

let raw: Record<string, string | boolean | undefined>;
try {
  raw = parseArgs({
    options: { guild: { type: "string" }, out: { type: "string" }, horizon: { type: "string" }, "coverage-days": { type: "string" }, database: { type: "string" } },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (error) {
  fail(`${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n${USAGE}`, 2);
}
const parsed = flags.safeParse(raw);
if (!parsed.success) {
  const issue = parsed.error.issues[0];
  fail(`Flag --${String(issue?.path[0] ?? "?")}: ${issue?.message ?? "invalid"}\n${USAGE}`, 2);
}
const args = parsed.data;

const databaseUrl = resolveDatabaseUrl(args.database, fail);

try {
  const database = await openDatabase(databaseUrl);
  try {
    const html = await capacityReportHtml(database.db, args.guild, new Date(), { horizonWeeks: args.horizon, coverageDays: args["coverage-days"] });
    writeFileSync(args.out, html);
  } finally {
    await database.close();
  }
} catch (error) {
  fail(`Could not write the report: ${error instanceof Error ? error.message : String(error)}`, 1);
}
console.log(`Report for server ${args.guild} written to ${args.out}`);
