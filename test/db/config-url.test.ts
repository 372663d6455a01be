import { expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.js";

it("given DATABASE_URL, then file: selects SQLite, postgresql:// and postgres:// select PostgreSQL, anything else is refused in one line", () => {
  expect(parseConfig({}).databaseUrl).toBe("file:./data/mentor-bot.db");
  expect(parseConfig({ DATABASE_URL: "file:/srv/bot.db" }).databaseUrl).toBe("file:/srv/bot.db");
  expect(parseConfig({ DATABASE_URL: "postgresql://bot:pw@db.internal:5432/mentorbot" }).databaseUrl).toBe("postgresql://bot:pw@db.internal:5432/mentorbot");
  expect(parseConfig({ DATABASE_URL: "postgres://bot@localhost/mentorbot?sslmode=require" }).databaseUrl).toContain("postgres://");
  for (const bad of ["mysql://x/y", "postgresql://host-without-database", "./bot.db"]) {
    let error: unknown;
    try {
      parseConfig({ DATABASE_URL: bad });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^DATABASE_URL: must be a SQLite URL such as .* or a PostgreSQL URL such as /);
    expect((error as Error).message).not.toContain("\n");
  }
});

it("given HEAP_GROWTH_PERCENT, then a whole percentage from 0 to 400 is taken (20 by default) and anything else is refused naming the variable", () => {
  expect(parseConfig({}).heapGrowthPercent).toBe(20);
  expect(parseConfig({ HEAP_GROWTH_PERCENT: "0" }).heapGrowthPercent).toBe(0);
  expect(parseConfig({ HEAP_GROWTH_PERCENT: "100" }).heapGrowthPercent).toBe(100);
  for (const bad of ["-5", "12.5", "401", "lots"]) {
    expect(() => parseConfig({ HEAP_GROWTH_PERCENT: bad })).toThrow(/^HEAP_GROWTH_PERCENT: must be a whole percentage \(0–400\)$/);
  }
});
