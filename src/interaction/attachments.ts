// Files members upload as an attachment option (/mod import): the option's value is the file's URL
// (Discord's CDN; the console passes a file: URL for a local path). Fetching is injectable
// (Deps.fetchAttachment) so tests serve files from a loopback server and the console reads local
// files; the default fetches http(s) only, bounded in size and time, and refuses other types.
import { UserError } from "../errors.js";

export interface FetchedFile {
  /** The file's name (from the URL), for telling CSV from JSON. */
  name: string;
  contentType: string | null;
  text: string;
}

export interface AttachmentLimits {
  maxBytes: number;
  /** Accepted media types (without parameters), e.g. text/csv. */
  types: readonly string[];
  /** File name endings accepted when the type is missing or generic (application/octet-stream). */
  extensions: readonly string[];
}

export type AttachmentFetcher = (url: string, limits: AttachmentLimits) => Promise<FetchedFile>;

const TIMEOUT_MS = 20_000;

export function fileNameOf(url: URL): string {
  const last = url.pathname.split("/").pop() ?? "";
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}

/** Refuses a file whose type or name is not one of the accepted ones; the message says what is. */
export function checkType(name: string, contentType: string | null, limits: AttachmentLimits): void {
  const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  const byName = limits.extensions.some((e) => name.toLowerCase().endsWith(e));
  if (limits.types.includes(type)) return;
  if ((type === "" || type === "application/octet-stream") && byName) return;
  throw new UserError(
    `Option \`file\`: ${type === "" ? "the file has no type" : `the file is ${type}`}; upload a ${limits.extensions.join(" or ")} file (a spreadsheet saved as CSV, or a community JSON file).`,
  );
}

/** Decodes UTF-8 strictly: a spreadsheet saved in another encoding is refused, not garbled. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UserError("Option `file`: the file is not UTF-8 text. Save the spreadsheet as “CSV UTF-8” and upload it again.");
  }
}

/** The default: an http(s) GET with a size cap (checked on Content-Length and while reading) and a timeout. */
export const fetchAttachment: AttachmentFetcher = async (url, limits) => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError("Option `file`: must be an uploaded file.");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new UserError("Option `file`: must be an uploaded file.");
  const name = fileNameOf(parsed);
  let response: Response;
  try {
    response = await fetch(parsed, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "follow" });
  } catch {
    throw new UserError("Option `file`: the file could not be downloaded from Discord right now. Please try again.");
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new UserError(`Option \`file\`: the file could not be downloaded (HTTP ${response.status}). Upload it again.`);
  }
  const tooBig = (size: number) => new UserError(`Option \`file\`: the file is ${megabytes(size)}; at most ${megabytes(limits.maxBytes)} can be imported from Discord (larger files: \`npm run import\`).`);
  try {
    checkType(name, response.headers.get("content-type"), limits);
    const declared = Number(response.headers.get("content-length") ?? "NaN");
    if (Number.isFinite(declared) && declared > limits.maxBytes) throw tooBig(declared);
  } catch (error) {
    await response.body?.cancel().catch(() => undefined);
    throw error;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  if (reader !== undefined) {
    try {
      for (;;) {
        const next = (await reader.read()) as { done: boolean; value?: Uint8Array };
        if (next.done || next.value === undefined) break;
        const value = next.value;
        size += value.byteLength;
        if (size > limits.maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw tooBig(size);
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError("Option `file`: the download was interrupted. Please try again.");
    }
  }
  return { name, contentType: response.headers.get("content-type"), text: decodeText(Buffer.concat(chunks)) };
};
