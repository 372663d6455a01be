// WAL checkpoints off the event loop. better-sqlite3 is synchronous, and SQLite's automatic
// checkpoint runs inside the COMMIT that crosses 1,000 WAL pages: it copies the WAL into the
// database file and fsyncs both, on the bot's only thread. Saving a round's 90k proposals at
// 100k + 100k, such COMMITs took 84-232 ms on a slow disk (the longest other statement, 40 ms).
// With a checkpointer, the bot's own connection does no automatic checkpoint and a worker
// thread with a second connection to the same file runs a PASSIVE checkpoint every second
// (it never waits for readers or writers; frames still in use are copied by a later one).
// If the worker fails, the connection goes back to automatic checkpoints.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

export interface Checkpointer {
  /** A checkpoint in the worker now; resolves with its result (tests, and waiting for one). */
  checkpoint(this: void): Promise<CheckpointResult>;
  /** Stops the worker (a last checkpoint first). */
  stop(this: void): Promise<void>;
}

/** PRAGMA wal_checkpoint's row: busy 1 when it could not finish, WAL frames and frames copied. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export interface CheckpointerOptions {
  /** Between checkpoints (default 1,000 ms). */
  everyMs?: number;
  /** The worker failed: the caller turns automatic checkpoints back on. */
  onFailure: (error: Error) => void;
}

// Plain JavaScript, evaluated in the worker (no TypeScript loader there).
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
// A failure is posted as text (a driver's error class does not survive the thread boundary).
const fail = (error) => {
  parentPort.postMessage({ failed: String((error && error.message) || error) });
  process.exit(1);
};
let db;
try {
  db = new (require(workerData.driver))(workerData.file, { fileMustExist: true, timeout: 0 });
} catch (error) {
  fail(error);
}
const checkpoint = () => db.pragma("wal_checkpoint(PASSIVE)")[0];
const timer = setInterval(() => {
  try { checkpoint(); } catch (error) { if (error.code !== "SQLITE_BUSY") fail(error); }
}, workerData.everyMs);
parentPort.on("message", (message) => {
  if (message.type === "checkpoint") {
    let result;
    try { result = checkpoint(); } catch (error) { result = { busy: 1, log: -1, checkpointed: -1 }; }
    parentPort.postMessage({ id: message.id, result });
  } else if (message.type === "stop") {
    clearInterval(timer);
    try { checkpoint(); } catch {}
    db.close();
    parentPort.close();
  }
});
`;

/** What a checkpoint that could not run answers (the worker stopped or failed): busy, nothing copied. */
const NOT_DONE: CheckpointResult = Object.freeze({ busy: 1, log: -1, checkpointed: -1 });

const driverPath = createRequire(import.meta.url).resolve("better-sqlite3");

export function startCheckpointer(filePath: string, options: CheckpointerOptions): Checkpointer {
  const worker = new Worker(WORKER, { eval: true, workerData: { driver: driverPath, file: filePath, everyMs: options.everyMs ?? 1000 } });
  // The worker does not keep the process alive (the bot's own handles do).
  worker.unref();
  const waiting = new Map<number, (result: CheckpointResult) => void>();
  let next = 0;
  let stopped = false;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const failed = (error: Error): void => {
    if (!stopped) options.onFailure(error);
    stopped = true;
    for (const resolve of waiting.values()) resolve(NOT_DONE);
    waiting.clear();
  };
  worker.on("message", (message: { id: number; result: CheckpointResult } | { failed: string }) => {
    if ("failed" in message) return failed(new Error(`WAL checkpointer: ${message.failed}`));
    waiting.get(message.id)?.(message.result);
    waiting.delete(message.id);
  });
  worker.on("error", (error: unknown) => failed(new Error(`WAL checkpointer: ${error instanceof Error ? error.message : String(error)}`)));
  return {
    checkpoint: () =>
      new Promise<CheckpointResult>((resolve) => {
        if (stopped) return resolve(NOT_DONE);
        const id = next++;
        waiting.set(id, resolve);
        worker.postMessage({ type: "checkpoint", id });
      }),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Referenced again while it stops: an unreferenced worker's exit does not keep the process
      // alive, so a process whose last handle was the database ended inside close().
      worker.ref();
      worker.postMessage({ type: "stop" });
      await exited;
    },
  };
}
