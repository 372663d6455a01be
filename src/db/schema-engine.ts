// Loads Prisma's official WebAssembly schema engine (@prisma/schema-engine-wasm) bound to a SQLite
// file through the better-sqlite3 driver adapter. The CLI's native engine must be downloaded from a
// host many machines cannot reach; the WASM build ships inside the npm package, so migrations work
// offline and online alike and are recorded in the standard `_prisma_migrations` table.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import type * as SchemaEngineGlue from "@prisma/schema-engine-wasm/schema_engine_bg";
import { schemaPath } from "./paths.js";

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
  schemaText: string;
  close(): Promise<void>;
}

/**
 * Opens the schema engine on the SQLite file at `filePath` with our Prisma schema loaded. The
 * engine takes an exclusive lock on the file; `busyTimeoutMs` is how long it waits for it.
 */
export async function openSchemaEngine(filePath: string, busyTimeoutMs = 5_000): Promise<OpenedSchemaEngine> {
  engineModule ??= loadEngineClass();
  const Engine = await engineModule;
  const schemaText = await readFile(schemaPath, "utf8");
  // engine.free() does not dispose the driver connections it opened, and an undisposed connection
  // keeps the SQLite file locked; track them so close() releases the file.
  const base = new PrismaBetterSqlite3({ url: filePath, timeout: busyTimeoutMs });
  const opened: { dispose(): Promise<void> }[] = [];
  const tracking: typeof base = Object.assign(Object.create(Object.getPrototypeOf(base) as object) as typeof base, base, {
    connect: async () => {
      const adapter = await base.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await base.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
  });
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(tracking);
  const logs: string[] = [];
  const engine = await Engine.new(
    { datamodels: [[schemaPath, schemaText]] },
    (line: string) => {
      logs.push(line);
    },
    adapterFactory,
  );
  return {
    engine,
    schemaText,
    close: async () => {
      engine.free();
      await Promise.all(opened.splice(0).map((adapter) => adapter.dispose()));
    },
  };
}
