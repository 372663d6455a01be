// Reads the database directly (raw better-sqlite3 for SQLite, psql for PostgreSQL; not Prisma):
// every table, every column, every row. Used to check what is really stored: limits, forbidden characters, leftovers after erasure.
import { execFileSync } from "node:child_process";
import Database from "better-sqlite3";

export interface Cell {
  table: string;
  column: string;
  rowid: number;
  value: unknown;
}

interface TableRow {
  name: string;
}
interface ColumnRow {
  name: string;
}

/** The database under test: a SQLite file, or a PostgreSQL database (TempDatabase fits). */
export interface ScanTarget {
  kind: "sqlite" | "postgresql";
  filePath: string;
  url: string;
}

export function tableNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as TableRow[]).map((r) => r.name);
}

/** PostgreSQL, synchronously (the helpers are used in synchronous assertions): psql, JSON out. */
function psqlAll<T>(url: string, sql: string, params: readonly unknown[]): T[] {
  let i = 0;
  const bound = sql.replace(/\?/g, () => {
    const p = params[i++];
    if (p === null || p === undefined) return "NULL";
    if (typeof p === "number") return String(p);
    return `'${(typeof p === "string" ? p : JSON.stringify(p)).replace(/'/g, "''")}'`;
  });
  const out = execFileSync("psql", [url, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", `SELECT coalesce(json_agg(t), '[]') FROM (${bound}) t`], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out) as T[];
}

/** Every cell of every table (including Prisma's own bookkeeping tables). */
export function allCells(target: ScanTarget): Cell[] {
  if (target.kind === "postgresql") {
    const tables = psqlAll<{ name: string }>(target.url, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1", []);
    const cells: Cell[] = [];
    for (const { name: table } of tables) {
      const quoted = `"${table.replace(/"/g, '""')}"`;
      const rows = psqlAll<Record<string, unknown>>(target.url, `SELECT * FROM ${quoted}`, []);
      const columns = psqlAll<{ name: string }>(target.url, "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position", [table]);
      for (const [index, row] of rows.entries()) {
        for (const { name: column } of columns) cells.push({ table, column, rowid: index + 1, value: row[column] });
      }
    }
    return cells;
  }
  const db = new Database(target.filePath, { readonly: true, fileMustExist: true });
  try {
    const cells: Cell[] = [];
    for (const table of tableNames(db)) {
      const quoted = `"${table.replace(/"/g, '""')}"`;
      const columns = (db.prepare(`PRAGMA table_info(${quoted})`).all() as ColumnRow[]).map((c) => c.name);
      // WITHOUT ROWID tables have no rowid; fall back to the row's position.
      let rows: Record<string, unknown>[];
      try {
        rows = db.prepare(`SELECT rowid AS __rowid, * FROM ${quoted}`).all() as Record<string, unknown>[];
      } catch {
        rows = (db.prepare(`SELECT * FROM ${quoted}`).all() as Record<string, unknown>[]).map((r, i) => ({ ...r, __rowid: i + 1 }));
      }
      for (const row of rows) {
        for (const column of columns) cells.push({ table, column, rowid: Number(row["__rowid"]), value: row[column] });
      }
    }
    return cells;
  } finally {
    db.close();
  }
}

/** Runs one read-only query (`?` placeholders; quote identifiers for PostgreSQL). */
export function rawAll<T>(target: ScanTarget, sql: string, ...params: unknown[]): T[] {
  if (target.kind === "postgresql") return psqlAll<T>(target.url, sql, params);
  const db = new Database(target.filePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The tables of the database. */
export function tablesOf(target: ScanTarget): string[] {
  return target.kind === "postgresql"
    ? rawAll<{ name: string }>(target, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'").map((t) => t.name)
    : rawAll<{ name: string }>(target, "SELECT name FROM sqlite_master WHERE type='table'").map((t) => t.name);
}

/** Text cells containing `needle` (case-insensitive), as "table.column#rowid: …" lines. */
export function cellsContaining(cells: readonly Cell[], needle: string): string[] {
  const lower = needle.toLowerCase();
  return cells
    .filter((c) => (typeof c.value === "string" && c.value.toLowerCase().includes(lower)) || (Buffer.isBuffer(c.value) && c.value.toString("utf8").toLowerCase().includes(lower)))
    .map((c) => `${c.table}.${c.column}#${c.rowid}: ${String(c.value).slice(0, 80)}`);
}

// ── What may be stored ───────────────────────────────────────────────────────────────────────────

/** Length in Unicode code points: how the validators (zod) and SQLite's length() count. */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Maximum lengths (in code points) of member-written text, from the documented limits: PROFILE_LIMITS
 * (src/services/profiles.ts), NOTE_MAX / FEEDBACK_MAX (src/services/matches.ts), the request
 * message (500, src/commands/match.ts), the reject reason (500, src/commands/mod.ts) and the
 * timezone option (60, src/commands/shared/definitions.ts).
 */
export const STORED_TEXT_LIMITS: Readonly<Record<string, number>> = {
  "Profile.headline": 120,
  "Profile.canAdviseOn": 1000,
  "Profile.wantsAdviceOn": 1000,
  "Profile.industry": 60,
  "Profile.targetIndustry": 60,
  "Profile.timezone": 60,
  "Topic.label": 40,
  "Match.requestMessage": 500,
  "Match.decisionReason": 500,
  "MatchNote.body": 1000,
  "MatchFeedback.body": 1000,
  "AuditLog.detail": 500,
  // Follow-through: the flag form (500), a decline's own words (300, within decisionReason's 500),
  // a session's place (200, src/services/sessions.ts).
  "Match.flagReason": 500,
  "MatchSession.location": 200,
  // Office hours and the resource library (src/services/office-hours.ts, src/services/resources.ts);
  // names are display names, cleaned and cut to 80 (src/interaction/text.ts).
  "OfficeHour.topicLabel": 40,
  "OfficeHour.description": 500,
  "OfficeHour.hostName": 80,
  "OfficeHourSignup.displayName": 80,
  "Resource.url": 300,
  "Resource.title": 100,
  "Resource.note": 300,
  "ResourceTopic.topicLabel": 40,
};

/** Integer / real columns with a documented range. */
export const STORED_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  "Profile.mentorCapacity": [1, 10],
  "MatchFeedback.rating": [1, 5],
  "GuildSettings.suggestionsShown": [1, 10],
  "GuildSettings.maxPendingRequests": [1, 10],
  "GuildSettings.requestsPerHour": [1, 50],
  "GuildSettings.commandsPerMinute": [5, 120],
  "GuildSettings.requestExpiryDays": [1, 30],
  "GuildSettings.cooldownDays": [0, 365],
  "GuildSettings.weightIndustry": [0, 1],
  "GuildSettings.weightStage": [0, 1],
  "GuildSettings.weightTopics": [0, 1],
  "GuildSettings.weightText": [0, 1],
  "GuildSettings.checkinDays": [1, 90],
  "GuildSettings.nudgeDays": [3, 120],
  "GuildSettings.idleDays": [7, 365],
  "MatchSession.durationMinutes": [15, 240],
  "OfficeHour.seats": [1, 100],
  "OfficeHour.durationMinutes": [15, 240],
};

export const STORED_ENUMS: Readonly<Record<string, readonly string[]>> = {
  "Profile.stage": ["student", "early", "mid", "senior", "executive"],
  "Profile.visibility": ["public", "limited", "private"],
  "Profile.mentorAdvises": ["anyone", "same-industry", "early-only"],
  "Profile.menteeAcceptsFrom": ["anyone", "same-industry", "senior-plus"],
  "ProfileTopic.role": ["mentor", "mentee"],
  "Match.status": ["requested", "pending_review", "active", "declined", "rejected", "cancelled", "ended", "expired"],
  "Match.source": ["request", "round"],
  "MatchFeedback.role": ["mentor", "mentee"],
  "Match.closeReason": ["no-capacity", "not-my-area", "other", "first-acceptance", "not-a-fit", "idle", "idle-end", "member-deleted"],
  "MatchSession.status": ["scheduled", "cancelled", "held"],
  "MatchCheckin.answer": ["going-well", "not-a-fit", "need-moderator"],
  "MatchCheckin.role": ["mentor", "mentee"],
  "OfficeHour.status": ["scheduled", "cancelled"],
  "OfficeHourSignup.status": ["seat", "waitlist", "left"],
  "OfficeHourSignup.noticeKind": ["promoted", "cancelled"],
};

/**
 * Invisible characters (zero-width, bidi controls, Hangul fillers, stray tag characters, …) and
 * control characters other than tab and newline. A joiner between two visible characters (the ZWJ
 * of 👩‍💻, the ZWNJ of Persian) and the tags of a subdivision flag are part of the text and allowed.
 */
export const FORBIDDEN_CHARS =
  /[\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u061C\u180E\u034F\u115F\u1160\u3164\uFFA0\u0000-\u0008\u000B-\u001F\u007F-\u009F]|(?<![^\s\u200C\u200D])[\u200C\u200D]|[\u200C\u200D](?![^\s\u200C\u200D])|(?<!\u{1F3F4}[\u{E0020}-\u{E007E}]*)[\u{E0000}-\u{E007F}]/u; // eslint-disable-line no-control-regex, no-misleading-character-class -- matching these characters is the point

function describeChar(text: string): string {
  const m = FORBIDDEN_CHARS.exec(text);
  if (m === null) return "";
  return `U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

function show(value: unknown): string {
  return JSON.stringify(typeof value === "string" && value.length > 60 ? `${value.slice(0, 60)}…(${value.length})` : value);
}

export interface StoredViolations {
  tooLong: string[];
  outOfRange: string[];
  badEnum: string[];
  tooManyTopics: string[];
  forbiddenChars: string[];
}

/** Checks every stored value against the documented limits; returns readable violations. */
export function checkStoredData(target: ScanTarget): StoredViolations {
  const cells = allCells(target);
  const out: StoredViolations = { tooLong: [], outOfRange: [], badEnum: [], tooManyTopics: [], forbiddenChars: [] };
  for (const cell of cells) {
    const key = `${cell.table}.${cell.column}`;
    const where = `${key}#${cell.rowid}`;
    const limit = STORED_TEXT_LIMITS[key];
    if (limit !== undefined && typeof cell.value === "string" && codePoints(cell.value) > limit) {
      out.tooLong.push(`${where}: ${codePoints(cell.value)} > ${limit}: ${show(cell.value)}`);
    }
    const range = STORED_RANGES[key];
    if (range !== undefined && cell.value !== null) {
      const n = typeof cell.value === "number" || typeof cell.value === "bigint" ? Number(cell.value) : Number.NaN;
      if (!Number.isFinite(n) || n < range[0] || n > range[1] || (!key.includes(".weight") && !Number.isInteger(n))) {
        out.outOfRange.push(`${where}: ${show(cell.value)} not in ${range[0]}..${range[1]}`);
      }
    }
    const allowed = STORED_ENUMS[key];
    // A nullable enum column (closeReason) may be empty; every other value must be one of the list.
    if (allowed !== undefined && cell.value !== null && !(typeof cell.value === "string" && allowed.includes(cell.value))) {
      out.badEnum.push(`${where}: ${show(cell.value)}`);
    }
    if (typeof cell.value === "string" && FORBIDDEN_CHARS.test(cell.value)) {
      out.forbiddenChars.push(`${where}: ${describeChar(cell.value)} in ${show(cell.value)}`);
    }
  }
  const perRole = rawAll<{ profileId: number; role: string; n: number }>(
    target,
    'SELECT "profileId", "role", COUNT(*) AS n FROM "ProfileTopic" GROUP BY "profileId", "role" HAVING COUNT(*) > 10',
  );
  for (const r of perRole) out.tooManyTopics.push(`Profile#${r.profileId} ${r.role}: ${r.n} topics > 10`);
  return out;
}

/** A short report: how many of each kind, and the first few examples. */
export function summarise(violations: readonly string[], max = 8): string {
  if (violations.length === 0) return "none";
  return `${violations.length} violation(s):\n  ${violations.slice(0, max).join("\n  ")}${violations.length > max ? "\n  …" : ""}`;
}

/** Runs statements (a test's own tables and triggers) outside the bot's connection. */
export function rawExec(target: ScanTarget, sql: { sqlite: string; postgresql: string }): void {
  if (target.kind === "postgresql") {
    execFileSync("psql", [target.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql.postgresql], { encoding: "utf8" });
    return;
  }
  const db = new Database(target.filePath);
  try {
    db.exec(sql.sqlite);
  } finally {
    db.close();
  }
}

/** Several read-only queries with the same parameters; on PostgreSQL in one psql call. */
export function rawMany(target: ScanTarget, queries: Record<string, string>, ...params: unknown[]): Record<string, unknown[]> {
  if (target.kind !== "postgresql") {
    return Object.fromEntries(Object.entries(queries).map(([name, sql]) => [name, rawAll<unknown>(target, sql, ...params)]));
  }
  const parts = Object.entries(queries).map(([name, sql]) => `'${name}', (SELECT coalesce(json_agg(t), '[]') FROM (${sql}) t)`);
  const perQuery = Object.values(queries).flatMap((sql) => Array.from({ length: (sql.match(/\?/g) ?? []).length }, (_, i) => params[i]));
  const [row] = psqlAll<{ all: Record<string, unknown[]> }>(target.url, `SELECT json_build_object(${parts.join(", ")}) AS "all"`, perQuery);
  return row?.all ?? {};
}
