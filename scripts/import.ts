// npm run import -- --input <file.csv|file.json> --guild <id> [--dry-run] [--database <url>] [--batch 500]
// Bulk import of profiles from a sign-up form's export (CSV with a header row) or a community file
// (`npm run match`'s JSON format); see README.md, "Bulk import". Every row is validated first:
// if any is bad, the problems are printed (row, field, why) and nothing is written.
// Exit status: 0 imported (or dry run done), 1 the file has problems or the database failed, 2 bad flags.
import { readFileSync, statSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { z } from "zod";
import { parseImportFile } from "../src/commands/shared/import-file.js";
import { openDatabase } from "../src/db/client.js";
import { importProfiles, summaryLines } from "../src/services/import.js";
import { databaseFlag, resolveDatabaseUrl } from "./lib/database-url.js";

const USAGE = "usage: npm run import -- --input <file.csv|file.json> --guild <server id> [--dry-run] [--database <url>] [--batch 1-5000]";
const MAX_FILE_BYTES = 200 * 1024 * 1024;

const flags = z.object({
  input: z.string({ error: "is required (the CSV or JSON file to import)" }).min(1, "is required (the CSV or JSON file to import)"),
  guild: z.string({ error: "is required (the server's id)" }).regex(/^\d{17,20}$/, "must be a Discord server id (17–20 digits)"),
  "dry-run": z.boolean().optional(),
  database: databaseFlag,
  batch: z.coerce.number({ error: "must be a whole number from 1 to 5000" }).int("must be a whole number from 1 to 5000").min(1, "must be from 1 to 5000").max(5000, "must be from 1 to 5000").optional(),
});

function fail(message: string, status: number): never {
  console.error(message);
  process.exit(status);
}

let raw: Record<string, string | boolean | undefined>;
try {
  raw = parseArgs({
    options: { input: { type: "string" }, guild: { type: "string" }, "dry-run": { type: "boolean" }, database: { type: "string" }, batch: { type: "string" } },
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

let text: string;
try {
  const size = statSync(args.input).size;
  if (size > MAX_FILE_BYTES) fail(`${args.input}: ${size} bytes, more than the ${MAX_FILE_BYTES / 1024 / 1024} MB an import may be`, 1);
  text = readFileSync(args.input, "utf8");
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  fail(`Could not read ${args.input}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : code ?? String(error)}`, 1);
}

const started = performance.now();
const file = parseImportFile(text, args.input);
if (!file.ok) {
  console.error(`${args.input}: ${file.errorCount} problem(s); nothing was imported.`);
  for (const line of file.errors) console.error(`  ${line}`);
  if (file.errorCount > file.errors.length) console.error(`  … and ${file.errorCount - file.errors.length} more`);
  process.exit(1);
}
const validatedMs = performance.now() - started;

const databaseUrl = resolveDatabaseUrl(args.database, fail);

try {
  const database = await openDatabase(databaseUrl);
  try {
    const summary = await importProfiles(database.db, args.guild, file.rows, {
      now: new Date(),
      dryRun: args["dry-run"] === true,
      ...(args.batch === undefined ? {} : { batchSize: args.batch }),
      onBatch: (done, total) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${done} of ${total} members`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write("\n");
    console.log(`${args["dry-run"] === true ? "Dry run (nothing written)" : "Imported"} ${args.input} (${file.format}) into server ${args.guild}:`);
    for (const line of summaryLines(summary)) console.log(`  ${line}`);
    console.log(`  Validated in ${(validatedMs / 1000).toFixed(2)} s, ${args["dry-run"] === true ? "compared" : "written"} in ${((performance.now() - started - validatedMs) / 1000).toFixed(2)} s.`);
  } finally {
    await database.close();
  }
} catch (error) {
  fail(`Import stopped (batches written before this are kept; running the same import again finishes it, rows are upserted): ${error instanceof Error ? error.message.split("\n").filter((l) => l.trim() !== "").pop() ?? error.name : String(error)}`, 1);
}
