// Attachments in the console: each file a message carries is written to a folder and the message
// shows its path, so an .ics invite or a data export can be opened like the one Discord would show.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { safeFileName } from "../interaction/limits.js";
import type { FileSpec } from "../interaction/types.js";

export class FileSaver {
  readonly #dir: string | null;
  #made: string | null = null;
  #count = 0;

  /** `dir`: where to write; by default a new folder in the system's temp directory, made on first use. */
  constructor(dir?: string) {
    this.#dir = dir ?? null;
  }

  /** Writes the file and returns its path. */
  save(file: FileSpec): string {
    this.#made ??= this.#dir === null ? mkdtempSync(path.join(os.tmpdir(), "mentor-bot-files-")) : (mkdirSync(this.#dir, { recursive: true }), this.#dir);
    this.#count += 1;
    const target = path.join(this.#made, `${String(this.#count).padStart(3, "0")}-${safeFileName(file.name)}`);
    writeFileSync(target, typeof file.data === "string" ? file.data : Buffer.from(file.data));
    return target;
  }
}
