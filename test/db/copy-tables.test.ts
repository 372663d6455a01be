// db:copy copies "every table of the data model": its table list must name every model of the
// schema, so a model added later is copied too (it was not: office hours, sessions and resources
// were left behind until this test).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { ORDER, TABLES } from "../../src/db/copy.js";

const schema = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "prisma", "schema.prisma");

it("given the SQLite schema, then db:copy's table list holds every model, each once, with an order", () => {
  const models = [...readFileSync(schema, "utf8").matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);
  expect([...TABLES].sort()).toEqual([...models].sort());
  expect(new Set(TABLES).size).toBe(TABLES.length);
  for (const table of TABLES) expect(ORDER[table]).toBeDefined();
});
