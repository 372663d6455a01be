// Attachments in the console: each file a message carries is written to a folder and the message
// shows its path, so an .ics invite or a data export can be opened like the one Discord would show.
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkType, decodeText, fetchAttachment, type AttachmentFetcher } from "../interaction/attachments.js";
import { UserError } from "../errors.js";
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

/**
 * The console's "upload": an attachment option names a local file (a file: URL made from the path
 * typed); the same size and type rules as in Discord apply. Other URLs are fetched as in Discord.
 */
export const readLocalAttachment: AttachmentFetcher = async (url, limits) => {
  if (!url.startsWith("file:")) return fetchAttachment(url, limits);
  const file = fileURLToPath(url);
  const name = path.basename(file);
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new UserError(`Option \`file\`: ${file} is not a file.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Option \`file\`: there is no file ${file}.`);
  }
  if (size > limits.maxBytes) throw new UserError(`Option \`file\`: ${name} is ${(size / 1024 / 1024).toFixed(1)} MB; at most ${(limits.maxBytes / 1024 / 1024).toFixed(1)} MB can be imported this way (larger files: \`npm run import\`).`);
  checkType(name, null, limits);
  return { name, contentType: null, text: decodeText(readFileSync(file)) };
};
