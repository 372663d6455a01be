// globalSetup of the "postgres" vitest project: once per run, a template database migrated with
// the real PostgreSQL migrations; each openTempDatabase() copies it (CREATE DATABASE … TEMPLATE),
// which is much faster than migrating every test's database.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyPostgresMigrations } from "../../src/db/migrations.js";
import { quoteIdent, withDatabase } from "../../src/db/pg-migration-adapter.js";

declare module "vitest" {
  export interface ProvidedContext {
    postgres: { serverUrl: string; template: string } | null;
  }
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env["MENTOR_TEST_POSTGRES_SERVER"];
  if (serverUrl === undefined || serverUrl === "") throw new Error("postgres project without a server (see vitest.config.ts)");
  const template = `mentor_template_${randomBytes(4).toString("hex")}`;
  await admin(serverUrl, `CREATE DATABASE ${quoteIdent(template)}`);
  await applyPostgresMigrations(withDatabase(serverUrl, template));
  // No connection may stay on a template that others copy.
  await admin(serverUrl, `ALTER DATABASE ${quoteIdent(template)} WITH ALLOW_CONNECTIONS false`);
  project.provide("postgres", { serverUrl, template });
  return async () => {
    await admin(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(template)} WITH (FORCE)`);
  };
}
