// A real SQLite file in a fresh temp dir, migrated with the real migrations.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "../../src/db/client.js";

export interface TempDatabase extends Database {
  dir: string;
  url: string;
  cleanup(this: void): Promise<void>;
}

export function tempDir(prefix = "mentor-bot-test-"): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function openTempDatabase(): Promise<TempDatabase> {
  const dir = tempDir();
  const url = `file:${path.join(dir, "test.db")}`;
  const database = await openDatabase(url);
  return {
    ...database,
    dir,
    url,
    async cleanup() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
