// Recognises infrastructure failures that deserve their own message to members.

function hasCode(error: unknown, codes: readonly string[]): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth++) {
    const record = current as { code?: unknown; cause?: unknown; message?: unknown; kind?: unknown };
    if (typeof record.code === "string" && codes.includes(record.code)) return true;
    if (typeof record.kind === "string" && record.kind === "SocketTimeout") return true;
    if (typeof record.message === "string" && /SQLITE_BUSY|database is locked|SocketTimeout/i.test(record.message)) {
      return true;
    }
    current = record.cause;
  }
  return false;
}

/** SQLite stayed locked past the busy timeout and our bounded retries (see storage/retry.ts). */
export function isDatabaseBusy(error: unknown): boolean {
  return hasCode(error, ["SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_LOCKED", "P1008", "P2034"]);
}

/** A unique constraint refused the write (Prisma P2002 or the driver's constraint error). */
export function isUniqueViolation(error: unknown): boolean {
  return hasCode(error, ["P2002", "SQLITE_CONSTRAINT_UNIQUE"]);
}
