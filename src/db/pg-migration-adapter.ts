// A driver adapter factory for running Prisma's WASM schema engine against PostgreSQL. The stock
// PrismaPg factory has three problems for migrations (see shared docs, prisma-postgres-offline):
// 1. catalog queries return PostgreSQL's internal "char" type (OID 18), which adapter-pg cannot
//    map ("Column type 'char' could not be deserialized"): such columns are reported as text;
// 2. its shadow database keeps the main connectionString, so the "shadow" is the main database:
//    here a real shadow database is created (and dropped on dispose, idempotently);
// 3. executeScript splits on every ";" and runs the pieces one by one (a ";" in a string breaks,
//    a failure leaves earlier statements applied): here the whole script is one simple-protocol
//    query, i.e. one implicit transaction.
// Used only for migrations; the bot's queries use the stock factory (db/client.ts).
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";

const CHAR_OID = 18;
const TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] };

function charAsText(result: unknown): unknown {
  for (const r of Array.isArray(result) ? (result as QueryResultLike[]) : [result as QueryResultLike]) {
    for (const field of r?.fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

function patchedPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 2 });
  // Statements outside a transaction go through pool.query (which calls the client with a
  // callback); statements in a transaction through a checked-out client: patch both.
  const poolQuery = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const out = poolQuery(...args);
    return out instanceof Promise ? out.then(charAsText) : out;
  };
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const out = query(...args);
      return out instanceof Promise ? out.then(charAsText) : out;
    };
  });
  return pool;
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function connectFixed(url: string, onDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
  const pool = patchedPool(url);
  const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
  const raw = adapter as unknown as { onError(e: unknown): never };
  return new Proxy(adapter, {
    get(target, prop) {
      if (prop === "executeScript") {
        return async (script: string) => {
          try {
            await pool.query(script);
          } catch (error) {
            raw.onError(error);
          }
        };
      }
      if (prop === "dispose") {
        return async () => {
          await target.dispose();
          await onDispose?.();
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function postgresMigrationAdapterFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connectFixed(url),
    connectToShadowDb: async () => {
      const name = `prisma_shadow_${randomUUID().replace(/-/g, "")}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
      } finally {
        await admin.end();
      }
      let dropped = false;
      return connectFixed(withDatabase(url, name), async () => {
        if (dropped) return;
        dropped = true;
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
        } finally {
          await c.end();
        }
      });
    },
  };
}
