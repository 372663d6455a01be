// Online backup of a SQLite database with SQLite's own backup API (better-sqlite3's db.backup):
// a consistent copy while other connections keep reading and writing; then an integrity check
// of the copy. The copy is a plain SQLite file (no WAL): restore = put it where DATABASE_URL
// points while the bot is stopped (README, "Running a large server").
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";

export interface BackupResult {
  from: string;
  to: string;
  pages: number;
  integrity: string;
}

export async function backupSqlite(filePath: string, out: string): Promise<BackupResult> {
  if (!existsSync(filePath)) throw new Error(`${filePath} does not exist`);
  const to = path.resolve(out);
  if (existsSync(to)) throw new Error(`${to} exists already; choose a new file`);
  await mkdir(path.dirname(to), { recursive: true });
  const source = new Database(filePath, { fileMustExist: true, timeout: 5_000 });
  let pages = 0;
  try {
    // All remaining pages in one step, under one read lock: with the default small steps, every
    // write by another connection restarts the copy, and a busy bot could keep it from finishing.
    const progress = await source.backup(to, { progress: () => 0x7fffffff });
    pages = progress.totalPages;
  } finally {
    source.close();
  }
  const copy = new Database(to);
  try {
    copy.pragma("journal_mode = DELETE"); // a self-contained file, no -wal next to it
    const integrity = String(copy.pragma("integrity_check", { simple: true }));
    return { from: filePath, to, pages, integrity };
  } finally {
    copy.close();
  }
}
