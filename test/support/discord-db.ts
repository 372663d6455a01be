// A real, migrated SQLite database in a temporary directory, for end-to-end tests through Discord.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "../../src/db/client.js";

export interface TempDatabase {
  db: Db;
  filePath: string;
  /** Disconnects and deletes the directory. */
  close(): Promise<void>;
}

export async function openTempDatabase(): Promise<TempDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "mentor-bot-discord-"));
  const database = await openDatabase(`file:${path.join(dir, "test.db")}`);
  return {
    db: database.db,
    filePath: database.filePath,
    async close() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
