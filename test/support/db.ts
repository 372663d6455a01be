// A real, migrated database per call. The engine follows the vitest project (vitest.config.ts):
// "sqlite" — a SQLite file in a fresh temp dir, migrated with the real migrations;
// "postgres" — a fresh database `mentor_test_<random>` on the test server, copied from a template
// migrated with the real PostgreSQL migrations, dropped at cleanup.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type Database, type OpenDatabaseOptions } from "../../src/db/client.js";
import { quoteIdent, withDatabase } from "../../src/db/pg-migration-adapter.js";

export interface TempDatabase extends Database {
  dir: string;
  url: string;
  cleanup(this: void): Promise<void>;
}

export function tempDir(prefix = "mentor-bot-test-"): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type TestEngine = "sqlite" | "postgres";

/** The engine this test run uses (the vitest project's TEST_DATABASE). */
export function testEngine(): TestEngine {
  return process.env["TEST_DATABASE"] === "postgres" ? "postgres" : "sqlite";
}

export const onPostgres = testEngine() === "postgres";

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** An empty PostgreSQL database on the test server (not migrated), dropped by the returned function. */
export async function createPostgresDatabase(options: { fromTemplate: boolean }): Promise<{ url: string; drop(): Promise<void> }> {
  const server = inject("postgres");
  if (server === null || server === undefined) throw new Error("not in the postgres test project");
  const name = `mentor_test_${randomBytes(6).toString("hex")}`;
  await admin(server.serverUrl, `CREATE DATABASE ${quoteIdent(name)}${options.fromTemplate ? ` TEMPLATE ${quoteIdent(server.template)}` : ""}`);
  return {
    url: withDatabase(server.serverUrl, name),
    drop: () => admin(server.serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  };
}

export async function openTempDatabase(options: OpenDatabaseOptions = {}): Promise<TempDatabase> {
  const dir = tempDir();
  if (testEngine() === "postgres") {
    const created = await createPostgresDatabase({ fromTemplate: true });
    // The template is migrated already; start-up's migration step is tested on its own.
    const database = await openDatabase(created.url, { migrate: false, ...options });
    return {
      ...database,
      dir,
      url: created.url,
      async cleanup() {
        await database.close();
        await created.drop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = `file:${path.join(dir, "test.db")}`;
  const database = await openDatabase(url, options);
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
