// Structured logging (pino). Tokens and user-written text are redacted: logs are for operators,
// and members' messages are personal data. User text travels in fields named text / body /
// requestMessage, never in `message`, which stays readable on errors (err.message).
import { pino, type Logger } from "pino";

export type { Logger };

const REDACT = [
  "token",
  "*.token",
  "discordToken",
  "*.discordToken",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "text",
  "*.text",
  "body",
  "*.body",
  "requestMessage",
  "*.requestMessage",
];

const TOKEN_PATTERN = /[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}/g;
// Interaction and webhook tokens sit in REST paths: /interactions/<id>/<token>/callback,
// /webhooks/<application id>/<token>/... — each lets anyone answer as the bot for 15 minutes.
const PATH_TOKEN_PATTERN = /\/(interactions|webhooks)\/(\d+)\/[^/?\s]+/g;

/** Removes bot tokens and interaction/webhook tokens from free text (error messages, URLs). */
export function scrubSecrets(text: string): string {
  return text.replace(TOKEN_PATTERN, "[redacted-token]").replace(PATH_TOKEN_PATTERN, "/$1/$2/[redacted-token]");
}

/**
 * Prisma's messages quote the arguments of the failed query — members' profile text, notes — so
 * for its errors only the name, code, meta and the final line (what went wrong) are kept, and the
 * stack keeps its frames without the message.
 */
function serializeError(err: unknown): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown> & {
    message: string;
    stack?: string;
    name?: string;
  };
  const isPrisma =
    typeof err === "object" && err !== null && ("clientVersion" in err || String(serialized.name ?? "").startsWith("PrismaClient"));
  const frames = (stack: string | undefined) =>
    stack === undefined ? undefined : stack.split("\n").filter((line) => /^\s+at /.test(line)).join("\n");
  if (isPrisma) {
    const lines = serialized.message.split("\n").map((l) => l.trim()).filter((l) => l !== "");
    const { meta, code, name, clientVersion, type } = serialized;
    return { type, name, code, meta, clientVersion, message: scrubSecrets(lines[lines.length - 1] ?? ""), stack: frames(serialized.stack) };
  }
  // discord.js REST errors carry the request: `requestBody` is the reply (members' text) and
  // `url` holds the interaction token. Keep the status, code and the scrubbed route only.
  const { requestBody: _requestBody, url, ...rest } = serialized;
  return {
    ...rest,
    ...(typeof url === "string" ? { url: scrubSecrets(url) } : {}),
    message: scrubSecrets(serialized.message),
    stack: serialized.stack === undefined ? undefined : scrubSecrets(serialized.stack),
  };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: "[redacted]" },
      base: { app: "mentor-bot" },
      serializers: { err: serializeError },
    },
    destination ?? pino.destination(2),
  );
}

/** A logger that discards everything (tests, console mode). */
export const silentLogger: Logger = pino({ level: "silent" });
