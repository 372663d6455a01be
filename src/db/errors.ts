// Classifies driver and Prisma errors, for SQLite (better-sqlite3) and PostgreSQL (node-postgres).
// The storage layer retries on "busy"; the interaction layer turns it into "nothing was changed".
// Errors are walked down their `cause` chain, since Prisma wraps the driver's error; a raw query's
// failure (Prisma P2010) carries the driver's error in `meta.driverAdapterError` instead.

/** Prisma codes: P1008 operation timed out, P2024 pool timeout, P2034 write conflict or deadlock. */
const BUSY_PRISMA = ["P1008", "P2024", "P2034"];
/** SQLite: the file is locked by another connection past the busy timeout. */
const BUSY_SQLITE = ["SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_RECOVERY", "SQLITE_LOCKED"];
/**
 * PostgreSQL SQLSTATEs: 40001 serialization_failure, 40P01 deadlock_detected, 55P03
 * lock_not_available (lock_timeout), 53300 too_many_connections, 57P03 cannot_connect_now.
 */
const BUSY_POSTGRES = ["40001", "40P01", "55P03", "53300", "57P03"];
/** Driver-adapter error kinds (@prisma/driver-adapter-utils) that mean "try again later". */
const BUSY_KINDS = ["SocketTimeout", "TransactionWriteConflict"];

const UNIQUE_CODES = ["P2002", "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY", "23505"];
const UNIQUE_KINDS = ["UniqueConstraintViolation"];

interface ErrorLike {
  code?: unknown;
  originalCode?: unknown;
  kind?: unknown;
  cause?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: unknown } | null;
}

function matches(error: unknown, test: (record: ErrorLike) => boolean): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === "object"; depth++) {
    const record = current as ErrorLike;
    if (test(record)) return true;
    current = record.cause ?? (typeof record.meta === "object" ? record.meta?.driverAdapterError : undefined);
  }
  return false;
}

function codeIn(value: unknown, codes: readonly string[]): boolean {
  return typeof value === "string" && codes.includes(value);
}

/** The database stayed locked (SQLite) or the transaction lost a conflict (PostgreSQL). */
export function isDatabaseBusy(error: unknown): boolean {
  const codes = [...BUSY_PRISMA, ...BUSY_SQLITE, ...BUSY_POSTGRES];
  return matches(
    error,
    (r) =>
      codeIn(r.code, codes) ||
      codeIn(r.originalCode, codes) ||
      codeIn(r.kind, BUSY_KINDS) ||
      (typeof r.message === "string" && /SQLITE_BUSY|database is locked|SocketTimeout/i.test(r.message)),
  );
}

/** A unique constraint refused the write (Prisma P2002, or the driver's own constraint error). */
export function isUniqueViolation(error: unknown): boolean {
  return matches(error, (r) => codeIn(r.code, UNIQUE_CODES) || codeIn(r.originalCode, UNIQUE_CODES) || codeIn(r.kind, UNIQUE_KINDS));
}
