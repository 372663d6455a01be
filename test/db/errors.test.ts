import { describe, expect, it } from "vitest";
import { isDatabaseBusy, isUniqueViolation } from "../../src/db/errors.js";

describe("driver error classification", () => {
  it("recognises SQLite and PostgreSQL busy errors, directly and as a cause", () => {
    expect(isDatabaseBusy({ code: "SQLITE_BUSY" })).toBe(true);
    expect(isDatabaseBusy(new Error("wrapped", { cause: { kind: "SocketTimeout" } }))).toBe(true);
    expect(isDatabaseBusy({ code: "P2034" })).toBe(true);
    expect(isDatabaseBusy({ kind: "postgres", originalCode: "40P01" })).toBe(true);
    expect(isDatabaseBusy({ kind: "postgres", originalCode: "55P03" })).toBe(true);
    expect(isDatabaseBusy(new Error("database is locked"))).toBe(true);
    expect(isDatabaseBusy(new Error("no such table: Profile"))).toBe(false);
    expect(isDatabaseBusy({ code: "P2002" })).toBe(false);
  });

  it("recognises unique violations from Prisma, SQLite and PostgreSQL", () => {
    expect(isUniqueViolation({ code: "P2002" })).toBe(true);
    expect(isUniqueViolation({ code: "SQLITE_CONSTRAINT_UNIQUE" })).toBe(true);
    expect(isUniqueViolation(new Error("x", { cause: { kind: "UniqueConstraintViolation" } }))).toBe(true);
    expect(isUniqueViolation({ originalCode: "23505" })).toBe(true);
    expect(isUniqueViolation({ code: "SQLITE_BUSY" })).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });

  it("recognises a raw query's failure (Prisma P2010), whose driver error is in meta.driverAdapterError", () => {
    // The shape Prisma 7 threw for a duplicate raw INSERT, on SQLite and on PostgreSQL.
    const raw = (cause: object): Error =>
      Object.assign(new Error("Raw query failed"), { code: "P2010", meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });
    expect(isUniqueViolation(raw({ originalCode: "SQLITE_CONSTRAINT_UNIQUE", kind: "UniqueConstraintViolation" }))).toBe(true);
    expect(isUniqueViolation(raw({ originalCode: "23505", kind: "UniqueConstraintViolation" }))).toBe(true);
    expect(isDatabaseBusy(raw({ originalCode: "SQLITE_BUSY" }))).toBe(true);
    expect(isUniqueViolation(raw({ originalCode: "SQLITE_BUSY" }))).toBe(false);
    expect(isUniqueViolation({ code: "P2010", meta: null })).toBe(false);
  });
});
