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

/** Removes anything shaped like a bot token from free text (error messages, URLs). */
export function scrubSecrets(text: string): string {
  return text.replace(TOKEN_PATTERN, "[redacted-token]");
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: "[redacted]" },
      base: { app: "mentor-bot" },
      serializers: {
        err: (err: unknown) => {
          const serialized = pino.stdSerializers.err(err as Error);
          return {
            ...serialized,
            message: scrubSecrets(serialized.message),
            stack: serialized.stack === undefined ? undefined : scrubSecrets(serialized.stack),
          };
        },
      },
    },
    destination ?? pino.destination(2),
  );
}

/** A logger that discards everything (tests, console mode). */
export const silentLogger: Logger = pino({ level: "silent" });
