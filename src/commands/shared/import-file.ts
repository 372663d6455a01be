// Reading a bulk-import file (a sign-up form's export): CSV with a header row, or the community
// file format of `npm run match` (JSON with "mentors" and "mentees"). Every row is validated with
// zod before anything is written; each problem is one line naming the row, the field and why.
// The column mapping is documented in README.md ("Bulk import"); examples/import.csv shows it.
import { z } from "zod";
import { ACCEPTS_FROM, ADVISES, STAGE, VISIBILITY } from "../../domain/enums.js";
import { CsvSyntaxError, parseCsv } from "../../domain/csv.js";
import { cleanText } from "../../interaction/text.js";
import { text } from "../../interaction/values.js";
import type { ImportRow } from "../../services/import.js";
import { PROFILE_LIMITS } from "../../services/profiles.js";
import { timezone, topicList } from "./profile-options.js";
import { nextTurn } from "../../turn.js";

/** CSV columns, in the order of the README's table. */
export const IMPORT_COLUMNS = [
  "discord_id",
  "role",
  "name",
  "industry",
  "stage",
  "topics",
  "about",
  "headline",
  "timezone",
  "visibility",
  "capacity",
  "advises",
  "available",
  "accepts_from",
  "changing_career",
  "target_industry",
] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

const REQUIRED_COLUMNS: readonly Column[] = ["discord_id", "role", "name", "industry", "stage", "topics", "about"];
const MENTOR_ONLY: readonly Column[] = ["capacity", "advises", "available"];
const MENTEE_ONLY: readonly Column[] = ["accepts_from", "changing_career", "target_industry"];

/** Other spellings form tools use for a column. */
const ALIASES: Readonly<Record<string, Column>> = {
  discord_user_id: "discord_id",
  user_id: "discord_id",
  display_name: "name",
  acceptsfrom: "accepts_from",
  changingcareer: "changing_career",
  targetindustry: "target_industry",
};

/** How many problems are reported at most (the first ones, in file order). */
export const MAX_REPORTED_ERRORS = 50;

/** Whether a cell means yes or no, as spreadsheets write it. */
const flag = z.preprocess(
  (v) => {
    if (typeof v !== "string") return v;
    const t = v.trim().toLowerCase();
    return ["true", "yes", "y", "1"].includes(t) ? true : ["false", "no", "n", "0"].includes(t) ? false : v;
  },
  z.boolean({ error: "must be yes or no (true/false, 1/0)" }),
);

const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\s*\d{1,6}\s*$/.test(v) ? Number(v) : v),
    z.number({ error: `must be a whole number from ${min} to ${max}` }).int(`must be a whole number from ${min} to ${max}`).min(min, `must be from ${min} to ${max}`).max(max, `must be from ${min} to ${max}`),
  );

/** A choice, forgiving case and spaces ("Senior " → senior). */
const choice = <V extends string>(schema: z.ZodType<V, string>) => z.string({ error: "must be text" }).transform((v) => v.trim().toLowerCase()).pipe(schema);

/** Topics: a comma-separated cell, or a JSON list of tags. */
const topicsValue = z.preprocess((v) => (Array.isArray(v) && v.every((t) => typeof t === "string") ? v.join(", ") : v), z.string({ error: "must be a comma-separated list of topics" }).pipe(topicList));

const rowSchema = z
  .strictObject({
    discord_id: z.preprocess((v) => (typeof v === "string" ? v.trim() : v), z.string({ error: "must be a Discord user id (17–20 digits)" }).regex(/^\d{17,20}$/, "must be a Discord user id (17–20 digits)")),
    role: choice(z.enum(["mentor", "mentee"], { error: "must be mentor or mentee" })),
    name: text(100),
    industry: text(PROFILE_LIMITS.industry),
    stage: choice(STAGE.schema),
    topics: topicsValue,
    about: text(PROFILE_LIMITS.about, { multiline: true, min: 10 }),
    headline: text(PROFILE_LIMITS.headline).optional(),
    timezone: z.string({ error: "must be text" }).max(60, "must be at most 60 characters").pipe(timezone).optional(),
    visibility: choice(VISIBILITY.schema).optional(),
    capacity: wholeNumber(1, PROFILE_LIMITS.capacityMax).optional(),
    advises: choice(ADVISES.schema).optional(),
    available: flag.optional(),
    accepts_from: choice(ACCEPTS_FROM.schema).optional(),
    changing_career: flag.optional(),
    target_industry: text(PROFILE_LIMITS.industry).optional(),
  })
  .superRefine((row, ctx) => {
    const other = row.role === "mentor" ? MENTEE_ONLY : MENTOR_ONLY;
    for (const column of other) {
      if (row[column] !== undefined) ctx.addIssue({ code: "custom", path: [column], message: `is for ${row.role === "mentor" ? "mentee" : "mentor"} rows only (this row's role is ${row.role})` });
    }
    if (row.changing_career === true && row.target_industry === undefined) {
      ctx.addIssue({ code: "custom", path: ["target_industry"], message: "is required when changing_career is yes (the industry they want to move into)" });
    }
  });

export type ImportFormat = "csv" | "json";

export type ImportFileResult = { ok: true; format: ImportFormat; rows: ImportRow[] } | { ok: false; format: ImportFormat | null; errors: string[]; errorCount: number };

/** JSON when the file name says so or the text starts with "{", else CSV. */
export function detectFormat(text: string, fileName?: string): ImportFormat {
  if (fileName !== undefined && /\.json$/i.test(fileName)) return "json";
  if (fileName !== undefined && /\.csv$/i.test(fileName)) return "csv";
  return text.trimStart().startsWith("{") ? "json" : "csv";
}

function columnName(header: string): string {
  const key = cleanText(header, false).toLowerCase().replace(/[\s-]+/g, "_");
  return ALIASES[key] ?? key;
}

function isColumn(name: string): name is Column {
  return (IMPORT_COLUMNS as readonly string[]).includes(name);
}

function toRow(where: string, data: z.output<typeof rowSchema>): ImportRow {
  return {
    where,
    userId: data.discord_id,
    role: data.role,
    name: data.name,
    industry: data.industry,
    stage: data.stage,
    topics: data.topics,
    about: data.about,
    headline: data.headline,
    timezone: data.timezone,
    visibility: data.visibility,
    capacity: data.capacity,
    advises: data.advises,
    available: data.available,
    acceptsFrom: data.accepts_from,
    changingCareer: data.changing_career,
    targetIndustry: data.target_industry,
  };
}

class Problems {
  readonly list: string[] = [];
  count = 0;
  add(line: string): void {
    this.count += 1;
    if (this.list.length < MAX_REPORTED_ERRORS) this.list.push(line);
  }
}

/** Validates one record; problems are reported as "<where>, field `x`: why". */
function validate(where: string, record: Record<string, unknown>, problems: Problems, fieldName: (column: string) => string = (c) => c): ImportRow | null {
  const parsed = rowSchema.safeParse(record);
  if (parsed.success) return toRow(where, parsed.data);
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) problems.add(`${where}, field \`${key}\`: unknown field (known: ${IMPORT_COLUMNS.join(", ")})`);
      continue;
    }
    const field = issue.path.map((p, i) => (i === 0 ? fieldName(String(p)) : String(p))).join(".");
    const given = issue.path.length > 0 && record[String(issue.path[0])] !== undefined;
    const why = issue.code === "invalid_type" && !given ? "is required" : issue.message;
    problems.add(`${where}, field \`${field === "" ? "(row)" : field}\`: ${why}`);
  }
  return null;
}

function rejectDuplicates(rows: readonly ImportRow[], problems: Problems): void {
  const first = new Map<string, string>();
  for (const row of rows) {
    const key = `${row.userId}:${row.role}`;
    const previous = first.get(key);
    if (previous === undefined) first.set(key, row.where);
    else problems.add(`${row.where}, field \`discord_id\`: ${row.userId} already has a ${row.role} row (${previous}); give each member at most one row per role`);
  }
}

/** Rows validated between two pauses of the yielding parser (a few milliseconds of work). */
const ROWS_PER_STEP = 200;

function* parseCsvRows(text: string, problems: Problems): Generator<void, ImportRow[]> {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      problems.add(`not valid CSV: ${error.message}`);
      return [];
    }
    throw error;
  }
  const [header, ...data] = records;
  if (header === undefined) {
    problems.add("the file is empty: expected a header row, then one row per member and role");
    return [];
  }
  const columns = header.fields.map(columnName);
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    if (c === "") problems.add(`header row, column ${i + 1}: has no name`);
    else if (!isColumn(c)) problems.add(`header row, column "${header.fields[i] ?? c}": unknown column (known: ${IMPORT_COLUMNS.join(", ")})`);
    else if (seen.has(c)) problems.add(`header row, column "${c}": appears twice`);
    seen.add(c);
  });
  for (const required of REQUIRED_COLUMNS) if (!seen.has(required)) problems.add(`header row: the column "${required}" is missing (required: ${REQUIRED_COLUMNS.join(", ")})`);
  if (problems.count > 0) return [];
  const rows: ImportRow[] = [];
  // Rows are numbered as a spreadsheet shows them: the header is row 1.
  for (const [index, record] of data.entries()) {
    if (index % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
    // Spreadsheets export trailing blank rows as ",,,,": nothing to import there.
    if (record.fields.every((f) => f.trim() === "")) continue;
    const where = `row ${index + 2}${record.line !== index + 2 ? ` (line ${record.line})` : ""}`;
    if (record.fields.length !== columns.length) {
      problems.add(`${where}: has ${record.fields.length} fields, the header has ${columns.length} (a comma inside a value needs the value in double quotes)`);
      continue;
    }
    const values: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      const cell = record.fields[i] ?? "";
      if (cell.trim() !== "") values[c] = cell; // an empty cell: not given
    });
    const row = validate(where, values, problems);
    if (row !== null) rows.push(row);
  }
  return rows;
}

/** The community file's field names, mapped to the CSV columns; activeCount and pendingRequests are for matching only. */
const JSON_FIELDS: Readonly<Record<string, Column | null>> = {
  id: "discord_id",
  discordId: "discord_id",
  name: "name",
  industry: "industry",
  stage: "stage",
  topics: "topics",
  about: "about",
  headline: "headline",
  timezone: "timezone",
  visibility: "visibility",
  capacity: "capacity",
  advises: "advises",
  available: "available",
  acceptsFrom: "accepts_from",
  changingCareer: "changing_career",
  targetIndustry: "target_industry",
  activeCount: null,
  pendingRequests: null,
};

const communityShape = z.strictObject({ mentors: z.array(z.unknown()).default([]), mentees: z.array(z.unknown()).default([]) }, { error: 'must be an object with "mentors" and "mentees" lists' });

function* parseJsonRows(text: string, problems: Problems): Generator<void, ImportRow[]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    problems.add(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
  const shape = communityShape.safeParse(value);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    problems.add(issue?.code === "unrecognized_keys" ? `top level: unknown field(s) ${issue.keys.join(", ")} (expected "mentors" and "mentees")` : `top level: ${issue?.message ?? "invalid"}`);
    return [];
  }
  const rows: ImportRow[] = [];
  for (const list of ["mentees", "mentors"] as const) {
    for (const [index, entry] of shape.data[list].entries()) {
      if (index % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
      const where = `${list}[${index}]`;
      if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
        problems.add(`${where}: must be an object`);
        continue;
      }
      const values: Record<string, unknown> = { role: list === "mentors" ? "mentor" : "mentee" };
      const keyOf = new Map<string, string>();
      for (const [key, v] of Object.entries(entry)) {
        const column = Object.hasOwn(JSON_FIELDS, key) ? JSON_FIELDS[key] : undefined;
        if (column === null || v === null || v === undefined) continue;
        if (column === undefined) values[key] = v; // reported as an unknown field
        else {
          values[column] = typeof v === "number" && column === "discord_id" ? String(v) : v;
          keyOf.set(column, key);
        }
      }
      // Messages use the file's own field names ("id", "acceptsFrom").
      const jsonName = (column: string) => keyOf.get(column) ?? Object.entries(JSON_FIELDS).find(([, c]) => c === column)?.[0] ?? column;
      const row = validate(where, values, problems, jsonName);
      if (row !== null) rows.push(row);
    }
  }
  return rows;
}

function* parseSteps(text: string, fileName: string | undefined): Generator<void, ImportFileResult> {
  const format = detectFormat(text, fileName);
  const problems = new Problems();
  const rows = format === "json" ? yield* parseJsonRows(text, problems) : yield* parseCsvRows(text, problems);
  if (problems.count === 0) rejectDuplicates(rows, problems);
  if (problems.count === 0 && rows.length === 0) problems.add("the file has no rows to import");
  return problems.count === 0 ? { ok: true, format, rows } : { ok: false, format, errors: problems.list, errorCount: problems.count };
}

/** Reads and validates a whole import file; `ok` only when every row is valid. */
export function parseImportFile(text: string, fileName?: string): ImportFileResult {
  const steps = parseSteps(text, fileName);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * The same, pausing every few hundred rows so that the bot keeps answering other interactions
 * while a big file is checked (validation is CPU work: about 8 s for Discord's 10 MB on this machine).
 */
export async function parseImportFileYielding(text: string, fileName?: string): Promise<ImportFileResult> {
  const steps = parseSteps(text, fileName);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await nextTurn();
  }
}
