// Loads Prisma's official WebAssembly schema engine (@prisma/schema-engine-wasm) bound to a SQLite
// file through the better-sqlite3 driver adapter. The CLI's native engine must be downloaded from a
// host many machines cannot reach; the WASM build ships inside the npm package, so migrations work
// offline and online alike and are recorded in the standard `_prisma_migrations` table.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import type * as SchemaEngineGlue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { postgresSchemaPath, schemaPath } from "./paths.js";
import { postgresMigrationAdapterFactory } from "./pg-migration-adapter.js";

type WasmExports = Record<string, unknown>;
type Glue = typeof SchemaEngineGlue & {
  __wbg_set_wasm(exports: WasmExports): void;
};
// Node provides WebAssembly globally; @types/node 20 does not declare it, so describe what we use.
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, object>): Promise<{ instance: { exports: WasmExports } }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let engineModule: Promise<typeof SchemaEngine> | undefined;

async function loadEngineClass(): Promise<typeof SchemaEngine> {
  const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as Glue;
  // The .wasm file is not in the package's "exports"; locate it next to the package entry.
  const require = createRequire(import.meta.url);
  const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm")), "schema_engine_bg.wasm");
  const bytes = await readFile(wasmPath);
  const { instance } = await wasmApi.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports["__wbindgen_start"] as () => void)();
  return glue.SchemaEngine;
}

export interface OpenedSchemaEngine {
  engine: SchemaEngine;
  schemaPath: string;
  schemaText: string;
  close(): Promise<void>;
}

/** Where the engine works: a SQLite file, or a PostgreSQL database (by URL). */
export type EngineTarget = { kind: "sqlite"; filePath: string; busyTimeoutMs?: number } | { kind: "postgresql"; url: string };

/**
 * engine.free() does not dispose the driver connections it opened, and an undisposed connection
 * keeps a SQLite file locked or a PostgreSQL pool open; track them so close() releases them.
 */
function tracked(base: SqlMigrationAwareDriverAdapterFactory, opened: SqlDriverAdapter[]): SqlMigrationAwareDriverAdapterFactory {
  return new Proxy(base, {
    get(target, prop) {
      if (prop === "connect" || prop === "connectToShadowDb") {
        return async () => {
          const adapter = await target[prop]();
          opened.push(adapter);
          return adapter;
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Opens the schema engine on `target` with the matching Prisma schema loaded. On SQLite the engine
 * takes an exclusive lock on the file; `busyTimeoutMs` is how long it waits for it. On PostgreSQL
 * it serialises concurrent appliers with an advisory lock.
 */
export async function openSchemaEngine(target: EngineTarget | string, busyTimeoutMs = 5_000): Promise<OpenedSchemaEngine> {
  const where: EngineTarget = typeof target === "string" ? { kind: "sqlite", filePath: target, busyTimeoutMs } : target;
  engineModule ??= loadEngineClass();
  const Engine = await engineModule;
  const file = where.kind === "sqlite" ? schemaPath : postgresSchemaPath;
  const schemaText = await readFile(file, "utf8");
  const base: SqlMigrationAwareDriverAdapterFactory =
    where.kind === "sqlite"
      ? new PrismaBetterSqlite3({ url: where.filePath, timeout: where.busyTimeoutMs ?? busyTimeoutMs })
      : postgresMigrationAdapterFactory(where.url);
  const opened: SqlDriverAdapter[] = [];
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(tracked(base, opened));
  const logs: string[] = [];
  const engine = await Engine.new(
    { datamodels: [[file, schemaText]] },
    (line: string) => {
      logs.push(line);
    },
    adapterFactory,
  );
  let closed = false;
  return {
    engine,
    schemaPath: file,
    schemaText,
    close: async () => {
      if (closed) return;
      closed = true;
      engine.free();
      await Promise.all(opened.splice(0).map((adapter) => adapter.dispose()));
    },
  };
}
