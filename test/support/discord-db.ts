// The shared temp database (support/db.ts) in the shape the Discord tests use: close() both
// disconnects and deletes the directory.
import type { Db } from "../../src/db/client.js";
import { openTempDatabase as openShared } from "./db.js";

export interface TempDatabase {
  db: Db;
  filePath: string;
  /** Disconnects and deletes the directory. */
  close(this: void): Promise<void>;
}

export async function openTempDatabase(): Promise<TempDatabase> {
  const database = await openShared();
  return { db: database.db, filePath: database.filePath, close: database.cleanup };
}
